package io.kvsync.emulator.api.paging;

import java.util.function.Function;

/**
 * An order over items: a sortable text key (see {@code Timestamps.sortable}) with the id as the
 * tie-breaker, ascending or descending.
 */
public record SortOrder<T>(
    Function<T, String> sortKey, Function<T, String> id, boolean descending) {

  /** Compares items in this order. */
  public int compare(T a, T b) {
    int c = Position.compare(sortKey.apply(a), id.apply(a), sortKey.apply(b), id.apply(b));
    return descending ? -c : c;
  }

  /** Whether {@code item} comes strictly after {@code position} in this order. */
  public boolean after(T item, Position position) {
    int c =
        Position.compare(sortKey.apply(item), id.apply(item), position.sortKey(), position.id());
    return descending ? c < 0 : c > 0;
  }

  public Position positionOf(T item) {
    return new Position(sortKey.apply(item), id.apply(item));
  }
}
