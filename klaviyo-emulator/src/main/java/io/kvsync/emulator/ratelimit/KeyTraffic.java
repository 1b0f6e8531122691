package io.kvsync.emulator.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests and 429 answers per API key, so a test can tell how often a client ran into Klaviyo's
 * limits. Only authenticated keys are counted: the map is bounded by the key ring.
 */
public final class KeyTraffic {

  /** What one key sent so far and how many of those were answered 429. */
  public record Counts(long requests, long throttled) {}

  private final Map<String, Counters> byKey = new ConcurrentHashMap<>();

  /** An authenticated request of {@code key}. */
  public void request(String key) {
    counters(key).requests.increment();
  }

  /** A request of {@code key} answered 429. */
  public void throttled(String key) {
    counters(key).throttled.increment();
  }

  public Counts of(String key) {
    Counters counters = byKey.get(key);
    return counters == null
        ? new Counts(0, 0)
        : new Counts(counters.requests.sum(), counters.throttled.sum());
  }

  /** Forgets every count (e.g. between tests). */
  public void reset() {
    byKey.clear();
  }

  private Counters counters(String key) {
    return byKey.computeIfAbsent(key, k -> new Counters());
  }

  private static final class Counters {
    final LongAdder requests = new LongAdder();
    final LongAdder throttled = new LongAdder();
  }
}
