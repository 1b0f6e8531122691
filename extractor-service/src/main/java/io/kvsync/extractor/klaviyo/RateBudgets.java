package io.kvsync.extractor.klaviyo;

import io.kvsync.common.catalogue.RateTier;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Klaviyo's documented budgets, enforced before a request leaves. Two levels:
 *
 * <ul>
 *   <li>per (API key, tier), shared by every slice in this process: the whole documented budget, so
 *       slices of one key here never exceed it together;
 *   <li>per (slice, tier): the slice's {@code rateShare} of it, so replicas that each run some of a
 *       pipeline's concurrent slices stay under the limit together.
 * </ul>
 *
 * Each level is a burst bucket (N/s, refilled per second) and a steady bucket (N/min, refilled at
 * N/60 per second), the shape Klaviyo publishes: a quiet key may spend a minute's allowance at the
 * burst rate, then continues at the steady rate. The steady refill aims a little below the limit
 * ({@code steadyHeadroom}) so clock differences never tip us into 429s.
 */
public final class RateBudgets {

  private final double steadyHeadroom;
  private final ConcurrentMap<KeyTier, Budget> perKey = new ConcurrentHashMap<>();
  private final ConcurrentMap<SliceTier, Budget> perSlice = new ConcurrentHashMap<>();

  /**
   * @param steadyHeadroom fraction (0..1] of the documented steady rate to aim at
   */
  public RateBudgets(double steadyHeadroom) {
    if (steadyHeadroom <= 0 || steadyHeadroom > 1) {
      throw new IllegalArgumentException(
          "steady headroom must be in (0, 1], got " + steadyHeadroom);
    }
    this.steadyHeadroom = steadyHeadroom;
  }

  /**
   * Reserves one request of {@code tier} for {@code apiKey} on behalf of a slice.
   *
   * @param share the slice's fraction (0..1] of the key's budget; anything else counts as 1
   * @return nanoseconds to wait before sending it
   */
  public long reserve(String apiKey, RateTier tier, UUID sliceId, double share, long nowNanos) {
    long keyWait =
        perKey
            .computeIfAbsent(
                new KeyTier(apiKey, tier), k -> new Budget(tier, 1.0, steadyHeadroom, nowNanos))
            .reserve(nowNanos);
    double normalised = share > 0 && share < 1 ? share : 1.0;
    if (normalised == 1.0) {
      return keyWait;
    }
    long sliceWait =
        perSlice
            .computeIfAbsent(
                new SliceTier(sliceId, tier),
                k -> new Budget(tier, normalised, steadyHeadroom, nowNanos))
            .reserve(nowNanos);
    return Math.max(keyWait, sliceWait);
  }

  /** Klaviyo answered 429: hold every request of this key and tier back for {@code nanos}. */
  public void throttled(String apiKey, RateTier tier, long nanos, long nowNanos) {
    Budget budget = perKey.get(new KeyTier(apiKey, tier));
    if (budget != null) {
      budget.drainFor(nanos, nowNanos);
    }
  }

  /** Forgets a finished slice's share. */
  public void release(UUID sliceId) {
    perSlice.keySet().removeIf(k -> k.sliceId().equals(sliceId));
  }

  private record KeyTier(String apiKey, RateTier tier) {}

  private record SliceTier(UUID sliceId, RateTier tier) {}

  private static final class Budget {
    private final TokenBucket burst;
    private final TokenBucket steady;

    Budget(RateTier tier, double share, double headroom, long nowNanos) {
      double burstPerSecond = tier.burstPerSecond() * share;
      double steadyPerMinute = tier.steadyPerMinute() * share * headroom;
      this.burst = new TokenBucket(burstPerSecond, burstPerSecond, nowNanos);
      this.steady = new TokenBucket(steadyPerMinute, steadyPerMinute / 60.0, nowNanos);
    }

    long reserve(long nowNanos) {
      return Math.max(burst.reserve(nowNanos), steady.reserve(nowNanos));
    }

    void drainFor(long nanos, long nowNanos) {
      burst.drainFor(nanos, nowNanos);
      steady.drainFor(nanos, nowNanos);
    }
  }
}
