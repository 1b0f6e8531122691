package io.kvsync.emulator.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Klaviyo's two windows per key and endpoint tier: a burst bucket refilled per second and a steady
 * bucket refilled per minute. A request takes a token from both or is refused with the seconds to
 * wait.
 */
public final class RateLimiter {

  private volatile RateLimitMode mode;
  private final LongSupplier nanoClock;
  private final Map<String, Buckets> buckets = new ConcurrentHashMap<>();
  private final KeyTraffic traffic = new KeyTraffic();

  public RateLimiter(RateLimitMode mode) {
    this(mode, System::nanoTime);
  }

  RateLimiter(RateLimitMode mode, LongSupplier nanoClock) {
    this.mode = mode;
    this.nanoClock = nanoClock;
  }

  public RateLimitMode mode() {
    return mode;
  }

  /** Throttles by another mode from now on, every bucket full (e.g. Klaviyo's own numbers). */
  public void use(RateLimitMode newMode) {
    mode = newMode;
    buckets.clear();
  }

  /** Requests and 429 answers per key. */
  public KeyTraffic traffic() {
    return traffic;
  }

  /**
   * @return 0 when the request may proceed, else the whole seconds (≥ 1) until it may
   */
  public long acquire(String key, int burstPerSecond, int steadyPerMinute) {
    RateLimitMode current = mode;
    if (!current.enabled()) {
      return 0;
    }
    double burst = current.apply(burstPerSecond);
    double steady = current.apply(steadyPerMinute);
    Buckets pair =
        buckets.computeIfAbsent(
            key + "|" + burstPerSecond + "/" + steadyPerMinute,
            k -> new Buckets(new Bucket(burst, burst), new Bucket(steady, steady / 60.0)));
    return pair.acquire(nanoClock.getAsLong());
  }

  /** Forgets every bucket and every count (e.g. between tests). */
  public void reset() {
    buckets.clear();
    traffic.reset();
  }

  private record Buckets(Bucket burst, Bucket steady) {
    synchronized long acquire(long now) {
      burst.refill(now);
      steady.refill(now);
      if (burst.tokens >= 1 && steady.tokens >= 1) {
        burst.tokens -= 1;
        steady.tokens -= 1;
        return 0;
      }
      double wait = Math.max(burst.secondsUntilToken(), steady.secondsUntilToken());
      return Math.max(1, (long) Math.ceil(wait));
    }
  }

  private static final class Bucket {
    final double capacity;
    final double perSecond;
    double tokens;
    long last = Long.MIN_VALUE;

    Bucket(double capacity, double perSecond) {
      this.capacity = Math.max(1, capacity);
      this.perSecond = perSecond;
      this.tokens = this.capacity;
    }

    void refill(long now) {
      if (last != Long.MIN_VALUE) {
        tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
      }
      last = now;
    }

    double secondsUntilToken() {
      return tokens >= 1 ? 0 : (1 - tokens) / perSecond;
    }
  }
}
