package io.kvsync.extractor.klaviyo;

import io.kvsync.common.catalogue.RateTier;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Klaviyo's documented budgets, enforced before a request leaves. Two levels, per (API key, tier),
 * the key named by its fingerprint:
 *
 * <ul>
 *   <li>the whole documented budget, shared by every read in this process: reads of one key here
 *       never exceed it together;
 *   <li>this process's part of it: the share the scheduler announced for each read in flight on the
 *       key ({@link #announce}), times the reads of the key here. The scheduler counts the reads of
 *       every pipeline, job and extractor replica, so the parts of all processes sum to at most the
 *       key's budget (docs/adr/0009).
 * </ul>
 *
 * Each budget is a burst bucket (N/s, refilled per second) and a steady bucket (N/min, refilled at
 * N/60 per second), the shape Klaviyo publishes. A process's part never holds more than its current
 * share allows: when the share shrinks, saved tokens are cut to the new size, so the parts of all
 * processes together never hold more than the key's budget, and a run after a quiet spell may still
 * spend its share of a minute's allowance at the burst rate. Both refills aim a little below the
 * limits ({@code steadyHeadroom}) so clock differences, and requests of several replicas that
 * arrive bunched, never tip us into 429s.
 */
public final class RateBudgets {

  private final double steadyHeadroom;
  private final ConcurrentMap<KeyTier, Budget> perKey = new ConcurrentHashMap<>();
  private final ConcurrentMap<KeyTier, ProcessPart> parts = new ConcurrentHashMap<>();

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
   * Reserves one request of {@code tier} on the key for a slice; the slice counts as a read of the
   * key here from its first request in the tier until {@link #release}.
   *
   * @param commandShare the share its command carried: until the scheduler's next announcement, the
   *     key's share is no larger (anything outside (0, 1] counts as 1)
   * @return nanoseconds to wait before sending it
   */
  public long reserve(
      String keyFingerprint, RateTier tier, UUID sliceId, double commandShare, long nowNanos) {
    KeyTier keyTier = new KeyTier(keyFingerprint, tier);
    long keyWait =
        perKey
            .computeIfAbsent(keyTier, k -> new Budget(tier, 1.0, steadyHeadroom, nowNanos))
            .reserve(nowNanos);
    long partWait = part(keyTier).reserve(sliceId, normalised(commandShare), nowNanos);
    return Math.max(keyWait, partWait);
  }

  /** The scheduler's current share, per tier, of each read in flight on the key. */
  public void announce(String keyFingerprint, Map<RateTier, Double> shares, long nowNanos) {
    shares.forEach(
        (tier, share) ->
            part(new KeyTier(keyFingerprint, tier)).announced(normalised(share), nowNanos));
  }

  /** Klaviyo answered 429: hold every request of this key and tier back for {@code nanos}. */
  public void throttled(String keyFingerprint, RateTier tier, long nanos, long nowNanos) {
    Budget budget = perKey.get(new KeyTier(keyFingerprint, tier));
    if (budget != null) {
      budget.drainFor(nanos, nowNanos);
    }
  }

  /** A finished slice is no longer a read of its key here. */
  public void release(UUID sliceId, long nowNanos) {
    parts.values().forEach(part -> part.release(sliceId, nowNanos));
  }

  /** The fraction of the key's budget this process may use now in the tier (0 without reads). */
  public double processShare(String keyFingerprint, RateTier tier) {
    ProcessPart part = parts.get(new KeyTier(keyFingerprint, tier));
    return part == null ? 0 : part.share();
  }

  private ProcessPart part(KeyTier keyTier) {
    return parts.computeIfAbsent(keyTier, k -> new ProcessPart(k.tier()));
  }

  private static double normalised(double share) {
    return share > 0 && share < 1 ? share : 1.0;
  }

  private record KeyTier(String keyFingerprint, RateTier tier) {}

  /** This process's part of one key's budget in one tier. */
  private final class ProcessPart {
    private final RateTier tier;
    private final Set<UUID> reads = new HashSet<>();
    private double sharePerRead = Double.NaN; // unknown until announced or a command carries one
    private Budget budget;

    ProcessPart(RateTier tier) {
      this.tier = tier;
    }

    synchronized long reserve(UUID sliceId, double commandShare, long nowNanos) {
      if (reads.add(sliceId)) {
        sharePerRead =
            Double.isNaN(sharePerRead) ? commandShare : Math.min(sharePerRead, commandShare);
        resize(nowNanos);
      }
      return budget.reserve(nowNanos);
    }

    synchronized void announced(double share, long nowNanos) {
      sharePerRead = share;
      if (!reads.isEmpty()) {
        resize(nowNanos);
      }
    }

    synchronized void release(UUID sliceId, long nowNanos) {
      if (reads.remove(sliceId) && !reads.isEmpty()) {
        resize(nowNanos);
      }
    }

    synchronized double share() {
      return reads.isEmpty() ? 0 : Math.min(1.0, sharePerRead * reads.size());
    }

    private void resize(long nowNanos) {
      double share = share();
      if (budget == null) {
        budget = new Budget(tier, share, steadyHeadroom, nowNanos);
      } else {
        budget.resize(share, nowNanos);
      }
    }
  }

  private static final class Budget {
    private final RateTier tier;
    private final double headroom;
    private final TokenBucket burst;
    private final TokenBucket steady;

    Budget(RateTier tier, double share, double headroom, long nowNanos) {
      this.tier = tier;
      this.headroom = headroom;
      this.burst = new TokenBucket(burstPerSecond(share), burstPerSecond(share), nowNanos);
      this.steady =
          new TokenBucket(steadyPerMinute(share), steadyPerMinute(share) / 60.0, nowNanos);
    }

    long reserve(long nowNanos) {
      return Math.max(burst.reserve(nowNanos), steady.reserve(nowNanos));
    }

    void resize(double share, long nowNanos) {
      burst.resize(burstPerSecond(share), burstPerSecond(share), nowNanos);
      steady.resize(steadyPerMinute(share), steadyPerMinute(share) / 60.0, nowNanos);
    }

    void drainFor(long nanos, long nowNanos) {
      burst.drainFor(nanos, nowNanos);
      steady.drainFor(nanos, nowNanos);
    }

    private double burstPerSecond(double share) {
      return tier.burstPerSecond() * share * headroom;
    }

    private double steadyPerMinute(double share) {
      return tier.steadyPerMinute() * share * headroom;
    }
  }
}
