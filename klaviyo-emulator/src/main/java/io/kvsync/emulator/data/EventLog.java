package io.kvsync.emulator.data;

import io.kvsync.emulator.api.json.Timestamps;
import io.kvsync.emulator.api.paging.Page;
import io.kvsync.emulator.api.paging.Position;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * The account's events. Generated events are a pure function of their ordinal, which is also their
 * order by (datetime, id): a page is found by binary search and built on the fly, so five million
 * events cost no memory. Events added through the admin API (also "late" ones, dated behind the
 * newest) live in a small sorted overlay merged into every page.
 */
public final class EventLog {

  private static final String[] ITEMS = {
    "Café ☕", "Crème brûlée", "T-shirt \"Logo\"", "Teekanne 🫖", "日本茶", "Blue Jeans", "Gift card"
  };

  private final long seed;
  private final long count;
  private final Instant start;
  private final long periodSeconds;
  private final Instant anchor;
  private final List<String> metricIds;
  private final List<String> profileIds;
  private final Map<String, Integer> metricOrdinals = new HashMap<>();
  private final Map<String, Integer> profileOrdinals = new HashMap<>();
  private final String idPrefix;
  private final NavigableMap<String, Event> added = new ConcurrentSkipListMap<>();
  private long addedCounter;

  private final java.util.concurrent.atomic.AtomicLong version;

  EventLog(
      long seed,
      Scale scale,
      Instant anchor,
      List<String> metricIds,
      List<String> profileIds,
      java.util.concurrent.atomic.AtomicLong version) {
    this.version = version;
    this.seed = seed;
    this.count = scale.events();
    this.anchor = anchor;
    this.periodSeconds = Duration.ofDays(scale.eventDays()).getSeconds();
    this.start = anchor.minusSeconds(periodSeconds);
    this.metricIds = List.copyOf(metricIds);
    this.profileIds = List.copyOf(profileIds);
    for (int i = 0; i < metricIds.size(); i++) {
      metricOrdinals.put(metricIds.get(i), i);
    }
    for (int i = 0; i < profileIds.size(); i++) {
      profileOrdinals.put(profileIds.get(i), i);
    }
    this.idPrefix = "3" + Long.toString(Math.floorMod(IdCodec.mix(seed), 36L * 36), 36);
  }

  /** Number of generated events (excluding added ones). */
  public long generatedCount() {
    return count;
  }

  public long addedCount() {
    return added.size();
  }

  // --- generated events as functions of the ordinal

  /**
   * Runs of 25 events share one second (crossing page boundaries); the last three lie in the
   * future.
   */
  Instant datetime(long i) {
    if (count > 100 && i >= count - 3) {
      return anchor.plus(AccountGenerator.FUTURE).plusSeconds(i - count);
    }
    long inThousand = i % 1000;
    long base = inThousand >= 190 && inThousand < 215 ? i - inThousand + 190 : i;
    return start.plusSeconds((long) ((double) base * periodSeconds / count));
  }

  String id(long i) {
    String digits = Long.toString(i, 36);
    return idPrefix + "0".repeat(Math.max(0, 10 - digits.length())) + digits;
  }

  private long ordinalOf(String id) {
    if (!id.startsWith(idPrefix) || id.length() != idPrefix.length() + 10) {
      return -1;
    }
    try {
      long i = Long.parseLong(id.substring(idPrefix.length()), 36);
      return i < count ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  int metricOrdinal(long i) {
    long h = IdCodec.mix(seed * 1_000_033 + i);
    int common = Math.min(15, metricIds.size());
    return (int)
        (Math.floorMod(h, 10) < 7
            ? Math.floorMod(h >>> 8, common)
            : Math.floorMod(h >>> 8, metricIds.size()));
  }

  int profileOrdinal(long i) {
    return (int) Math.floorMod(IdCodec.mix(seed * 7_000_003 + i * 31), (long) profileIds.size());
  }

  Event generated(long i) {
    long h = IdCodec.mix(seed ^ (i * 0x9E3779B97F4A7C15L));
    Map<String, Object> properties = new LinkedHashMap<>();
    double value = Math.floorMod(h, 50_000) / 100.0;
    properties.put("$value", value);
    properties.put("$event_id", Long.toString(i));
    properties.put("Items", List.of(ITEMS[(int) Math.floorMod(h >>> 16, ITEMS.length)]));
    properties.put("Item Count", 1 + Math.floorMod(h >>> 24, 4));
    if (i % 3 == 0) {
      properties.put("Discount Code", i % 6 == 0 ? null : "ÉTÉ-20");
    }
    if (i % 5 == 0) {
      properties.put("page.url", "https://emulated-store.example/p/" + i + "?q=café");
    }
    if (i % 7 == 0) {
      properties.put("Campaign Name", "Soldes d'été 🌞");
    }
    return new Event(
        id(i),
        metricIds.get(metricOrdinal(i)),
        profileIds.get(profileOrdinal(i)),
        datetime(i),
        new UUID(IdCodec.mix(h), IdCodec.mix(h + 1)).toString(),
        properties);
  }

  // --- added events

  /** Adds an event (e.g. a late one behind the newest); returns it. */
  public synchronized Event add(
      String metricId, String profileId, Instant datetime, Map<String, Object> properties) {
    long ordinal = addedCounter++;
    String digits = Long.toString(ordinal, 36);
    String id =
        "4" + idPrefix.substring(1) + "0".repeat(Math.max(0, 10 - digits.length())) + digits;
    Event event =
        new Event(
            id,
            metricId,
            profileId,
            datetime,
            new UUID(IdCodec.mix(seed + ordinal), ordinal).toString(),
            properties == null ? Map.of() : properties);
    added.put(key(event), event);
    version.incrementAndGet();
    return event;
  }

  /**
   * Takes back an added event (Klaviyo never deletes events; tests that add very large ones take
   * them back so that they do not weigh on the account of later tests).
   *
   * @return whether it was an added event
   */
  public synchronized boolean removeAdded(String id) {
    boolean removed = added.values().removeIf(e -> e.id().equals(id));
    if (removed) {
      version.incrementAndGet();
    }
    return removed;
  }

  private static String key(Event e) {
    return Timestamps.sortable(e.datetime()) + "\u0000" + e.id();
  }

  public Event find(String id) {
    long i = ordinalOf(id);
    if (i >= 0) {
      return generated(i);
    }
    for (Event e : added.values()) {
      if (e.id().equals(id)) {
        return e;
      }
    }
    return null;
  }

  // --- paging

  /**
   * What a request asks of the generated events: a datetime range (inclusive bounds, null = open)
   * and cheap checks on the metric and profile ordinals before an event is built.
   */
  public record Selection(
      Instant from,
      Instant to,
      String metricIdEquals,
      List<String> metricIdsAny,
      String profileIdEquals) {}

  public Page<Event> page(
      Selection selection,
      Predicate<Event> predicate,
      boolean descending,
      Position after,
      int size) {
    LongPredicate cheap = cheapCheck(selection);
    long lo = selection.from() == null ? 0 : firstAtOrAfter(selection.from());
    long hi = selection.to() == null ? count : firstAfter(selection.to());
    Iterator<Event> overlay;
    if (descending) {
      if (after != null) {
        hi = Math.min(hi, firstNotBefore(after));
      }
      overlay =
          (after == null
                  ? added.descendingMap()
                  : added.headMap(after.sortKey() + "\u0000" + after.id(), false).descendingMap())
              .values()
              .iterator();
    } else {
      if (after != null) {
        lo = Math.max(lo, firstAfterPosition(after));
      }
      overlay =
          (after == null ? added : added.tailMap(after.sortKey() + "\u0000" + after.id(), false))
              .values()
              .iterator();
    }
    List<Event> items = new ArrayList<>(size + 1);
    long cursor = descending ? hi - 1 : lo;
    Event nextGenerated = null;
    Event nextAdded = nextMatching(overlay, predicate);
    while (items.size() <= size) {
      if (nextGenerated == null) {
        while (descending ? cursor >= lo : cursor < hi) {
          long i = cursor;
          cursor += descending ? -1 : 1;
          if (cheap.test(i)) {
            Event candidate = generated(i);
            if (predicate.test(candidate)) {
              nextGenerated = candidate;
              break;
            }
          }
        }
      }
      if (nextGenerated == null && nextAdded == null) {
        break;
      }
      boolean takeGenerated =
          nextAdded == null
              || (nextGenerated != null && (compare(nextGenerated, nextAdded) < 0) != descending);
      if (takeGenerated) {
        items.add(nextGenerated);
        nextGenerated = null;
      } else {
        items.add(nextAdded);
        nextAdded = nextMatching(overlay, predicate);
      }
    }
    if (items.size() > size) {
      List<Event> page = List.copyOf(items.subList(0, size));
      Event last = page.get(size - 1);
      return new Page<>(page, new Position(Timestamps.sortable(last.datetime()), last.id()));
    }
    return new Page<>(List.copyOf(items), null);
  }

  private static Event nextMatching(Iterator<Event> events, Predicate<Event> predicate) {
    while (events.hasNext()) {
      Event e = events.next();
      if (predicate.test(e)) {
        return e;
      }
    }
    return null;
  }

  private static int compare(Event a, Event b) {
    return Position.compare(
        Timestamps.sortable(a.datetime()), a.id(), Timestamps.sortable(b.datetime()), b.id());
  }

  private LongPredicate cheapCheck(Selection selection) {
    LongPredicate check = i -> true;
    if (selection.metricIdEquals() != null) {
      Integer ordinal = metricOrdinals.get(selection.metricIdEquals());
      int wanted = ordinal == null ? -1 : ordinal;
      check = i -> metricOrdinal(i) == wanted;
    } else if (selection.metricIdsAny() != null) {
      java.util.Set<Integer> wanted = new java.util.HashSet<>();
      selection
          .metricIdsAny()
          .forEach(
              id -> {
                Integer o = metricOrdinals.get(id);
                if (o != null) {
                  wanted.add(o);
                }
              });
      check = i -> wanted.contains(metricOrdinal(i));
    }
    if (selection.profileIdEquals() != null) {
      Integer ordinal = profileOrdinals.get(selection.profileIdEquals());
      int wanted = ordinal == null ? -1 : ordinal;
      LongPredicate metric = check;
      check = i -> profileOrdinal(i) == wanted && metric.test(i);
    }
    return check;
  }

  /** First ordinal whose datetime is at or after {@code t}. */
  private long firstAtOrAfter(Instant t) {
    long lo = 0;
    long hi = count;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (datetime(mid).isBefore(t)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First ordinal whose datetime is after {@code t}. */
  private long firstAfter(Instant t) {
    long lo = 0;
    long hi = count;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (!datetime(mid).isAfter(t)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First ordinal strictly after the position in (datetime, id) order. */
  private long firstAfterPosition(Position p) {
    long lo = 0;
    long hi = count;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (Position.compare(Timestamps.sortable(datetime(mid)), id(mid), p.sortKey(), p.id()) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First ordinal not strictly before the position. */
  private long firstNotBefore(Position p) {
    long lo = 0;
    long hi = count;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (Position.compare(Timestamps.sortable(datetime(mid)), id(mid), p.sortKey(), p.id()) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Every event (generated and added) in (datetime, id) order, built one at a time. */
  public Iterator<Event> all() {
    return new Iterator<>() {
      private Position last;
      private Iterator<Event> page = List.<Event>of().iterator();
      private boolean done;

      @Override
      public boolean hasNext() {
        while (!page.hasNext() && !done) {
          Page<Event> next =
              page(new Selection(null, null, null, null, null), e -> true, false, last, 2_000);
          page = next.items().iterator();
          if (next.next() == null) {
            done = true;
          } else {
            last = next.next();
          }
        }
        return page.hasNext();
      }

      @Override
      public Event next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return page.next();
      }
    };
  }
}
