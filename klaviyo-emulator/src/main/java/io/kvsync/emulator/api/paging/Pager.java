package io.kvsync.emulator.api.paging;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/** Keyset paging over an in-memory collection: one pass, keeping only the page's items. */
public final class Pager {

  private Pager() {}

  public static <T> Page<T> page(
      Iterable<T> items, Predicate<T> filter, SortOrder<T> order, Position after, int size) {
    // A max-heap of the best size+1 items: the extra one only tells whether a next page exists.
    PriorityQueue<T> best = new PriorityQueue<>(size + 2, (a, b) -> order.compare(b, a));
    for (T item : items) {
      if ((after != null && !order.after(item, after)) || !filter.test(item)) {
        continue;
      }
      if (best.size() <= size) {
        best.add(item);
      } else if (order.compare(item, best.peek()) < 0) {
        best.poll();
        best.add(item);
      }
    }
    List<T> sorted = new ArrayList<>(best);
    sorted.sort(order::compare);
    if (sorted.size() > size) {
      List<T> page = List.copyOf(sorted.subList(0, size));
      return new Page<>(page, order.positionOf(page.get(size - 1)));
    }
    return new Page<>(List.copyOf(sorted), null);
  }
}
