package io.kvsync.extractor.klaviyo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.catalogue.RateTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateBudgetsTest {

  private static final long SECOND = 1_000_000_000L;

  /** One read sending as soon as its process's budgets allow. */
  private static final class Read {
    final RateBudgets process;
    final UUID slice = UUID.randomUUID();
    final double commandShare;
    long nextAt;
    boolean over;

    Read(RateBudgets process, double commandShare, long startAt) {
      this.process = process;
      this.commandShare = commandShare;
      this.nextAt = startAt;
    }
  }

  /** Runs the reads together on key "k" until {@code endNanos}; returns how many requests went. */
  private static int sentTogether(RateTier tier, long endNanos, List<Read> reads) {
    int sent = 0;
    while (true) {
      Read next = null;
      for (Read read : reads) {
        if (!read.over && (next == null || read.nextAt < next.nextAt)) {
          next = read;
        }
      }
      if (next == null) {
        return sent;
      }
      long sendAt =
          next.nextAt + next.process.reserve("k", tier, next.slice, next.commandShare, next.nextAt);
      if (sendAt >= endNanos) {
        next.over = true;
      } else {
        sent++;
        next.nextAt = sendAt;
      }
    }
  }

  private static int sentWithin(RateBudgets budgets, RateTier tier, double share, long seconds) {
    return sentTogether(tier, seconds * SECOND, List.of(new Read(budgets, share, 0)));
  }

  @Test
  void aKeySpendsAMinutesAllowanceAtTheBurstRateThenKeepsBelowTheSteadyRate() {
    int firstSecond = sentWithin(new RateBudgets(0.97), RateTier.XL, 1.0, 1);
    assertTrue(firstSecond <= 2 * 350, "burst " + firstSecond);
    int fiveMinutes = sentWithin(new RateBudgets(0.97), RateTier.XL, 1.0, 300);
    // A minute's allowance plus five minutes of refill, below the limit.
    assertTrue(fiveMinutes <= 3500 + 5 * 3500, "sent " + fiveMinutes);
    assertTrue(fiveMinutes >= 0.96 * (3500 + 5 * 3500), "sent only " + fiveMinutes);
    int secondMinuteAlone =
        sentWithin(new RateBudgets(0.97), RateTier.XL, 1.0, 120)
            - sentWithin(new RateBudgets(0.97), RateTier.XL, 1.0, 60);
    assertTrue(secondMinuteAlone <= 3500, "steady minute " + secondMinuteAlone);
  }

  @Test
  void aReadUsesTheShareItsCommandCarried() {
    int sent = sentWithin(new RateBudgets(1.0), RateTier.M, 0.25, 600);
    double fullShare = 150 * 0.25 * 11; // a minute of allowance plus ten of refill
    assertTrue(sent <= fullShare + 3, "sent " + sent);
    assertTrue(sent >= fullShare - 3, "sent " + sent);
  }

  @Test
  void replicasReadingOneKeyTogetherStayWithinItsBudget() {
    RateBudgets first = new RateBudgets(1.0);
    RateBudgets second = new RateBudgets(1.0);
    first.announce("k", Map.of(RateTier.M, 0.25), 0);
    second.announce("k", Map.of(RateTier.M, 0.25), 0);
    List<Read> reads = new ArrayList<>();
    for (RateBudgets replica : List.of(first, second)) {
      reads.add(new Read(replica, 0.25, 0));
      reads.add(new Read(replica, 0.25, 0));
    }

    int sent = sentTogether(RateTier.M, 600 * SECOND, reads);

    double keyBudget = 150 * 11; // a minute of allowance plus ten of refill
    assertTrue(sent <= keyBudget + 4, "sent " + sent);
    assertTrue(sent >= 0.95 * keyBudget, "sent only " + sent);
  }

  @Test
  void sharesFollowTheAnnouncementsAndTheReadsHere() {
    RateBudgets budgets = new RateBudgets(1.0);
    UUID one = UUID.randomUUID();
    UUID two = UUID.randomUUID();
    budgets.reserve("k", RateTier.M, one, 0.5, 0);
    budgets.reserve("k", RateTier.M, two, 0.5, 0);
    assertEquals(1.0, budgets.processShare("k", RateTier.M), 1e-9);

    budgets.announce("k", Map.of(RateTier.M, 0.125), SECOND);
    assertEquals(0.25, budgets.processShare("k", RateTier.M), 1e-9, "more reads elsewhere");

    budgets.release(one, 2 * SECOND);
    assertEquals(0.125, budgets.processShare("k", RateTier.M), 1e-9);

    budgets.announce("k", Map.of(RateTier.M, 1.0), 3 * SECOND);
    assertEquals(1.0, budgets.processShare("k", RateTier.M), 1e-9, "the others ended");

    budgets.release(two, 4 * SECOND);
    assertEquals(0, budgets.processShare("k", RateTier.M));
  }

  @Test
  void aCommandsShareNeverRaisesTheAnnouncedOne() {
    RateBudgets budgets = new RateBudgets(1.0);
    budgets.announce("k", Map.of(RateTier.L, 0.1), 0);

    budgets.reserve("k", RateTier.L, UUID.randomUUID(), 0.5, 0);

    assertEquals(0.1, budgets.processShare("k", RateTier.L), 1e-9);
  }

  @Test
  void aPartBackFromAQuietSpellSpendsItsShareOfAMinutesAllowanceAtTheBurstRate() {
    RateBudgets budgets = new RateBudgets(1.0);
    Read first = new Read(budgets, 1.0, 0);
    sentTogether(RateTier.M, 120 * SECOND, List.of(first));
    budgets.release(first.slice, 120 * SECOND);

    // Ten quiet minutes here, then a read with the whole key: 10/s for ten seconds, not 150/min.
    long start = 720 * SECOND;
    int sent =
        sentTogether(RateTier.M, start + 10 * SECOND, List.of(new Read(budgets, 1.0, start)));

    assertTrue(sent >= 95, "sent only " + sent);
  }

  @Test
  void aPartBackFromAQuietSpellHoldsNoMoreThanItsNewShare() {
    RateBudgets budgets = new RateBudgets(1.0);
    Read first = new Read(budgets, 1.0, 0);
    sentTogether(RateTier.M, 120 * SECOND, List.of(first));
    budgets.release(first.slice, 120 * SECOND);

    // Meanwhile reads elsewhere took three quarters of the key.
    long start = 720 * SECOND;
    budgets.announce("k", Map.of(RateTier.M, 0.25), start);
    int sent =
        sentTogether(RateTier.M, start + 10 * SECOND, List.of(new Read(budgets, 0.25, start)));

    // A quarter of the burst rate (2.5/s) with at most a quarter second's burst saved.
    assertTrue(sent <= 29, "sent " + sent);
    assertTrue(sent >= 20, "sent only " + sent);
  }

  @Test
  void keysAndTiersHaveBudgetsOfTheirOwn() {
    RateBudgets budgets = new RateBudgets(1.0);
    UUID slice = UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      budgets.reserve("a", RateTier.XS, slice, 1.0, 0);
    }
    assertEquals(0, budgets.reserve("b", RateTier.XS, slice, 1.0, 0));
    assertEquals(0, budgets.reserve("a", RateTier.XL, slice, 1.0, 0));
  }

  @Test
  void a429HoldsTheKeyBackForRetryAfter() {
    RateBudgets budgets = new RateBudgets(1.0);
    UUID slice = UUID.randomUUID();
    budgets.reserve("k", RateTier.XL, slice, 1.0, 0);
    budgets.throttled("k", RateTier.XL, 2 * SECOND, 0);
    long wait = budgets.reserve("k", RateTier.XL, slice, 1.0, 0);
    assertTrue(wait >= 2 * SECOND, "waits " + wait);
  }

  @Test
  void aBucketRefillsAtItsRateUpToItsCapacity() {
    TokenBucket bucket = new TokenBucket(2, 1, 0);
    assertEquals(0, bucket.reserve(0));
    assertEquals(0, bucket.reserve(0));
    assertEquals(SECOND, bucket.reserve(0));
    // after a long quiet time only the capacity is available at once
    assertEquals(0, bucket.reserve(100 * SECOND));
    assertEquals(0, bucket.reserve(100 * SECOND));
    assertEquals(SECOND, bucket.reserve(100 * SECOND));
  }

  @Test
  void aBucketThatGrowsGainsNoTokens() {
    TokenBucket bucket = new TokenBucket(1, 1, 0);
    assertEquals(0, bucket.reserve(0));

    bucket.resize(10, 10, 0);

    assertEquals(SECOND / 10, bucket.reserve(0));
  }
}
