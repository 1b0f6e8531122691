package io.kvsync.extractor.klaviyo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.catalogue.RateTier;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateBudgetsTest {

  private static final long SECOND = 1_000_000_000L;

  /** Sends as soon as the budget allows for {@code seconds} and counts what went out. */
  private static int sentWithin(
      RateBudgets budgets, String key, RateTier tier, UUID slice, double share, long seconds) {
    long now = 0;
    int sent = 0;
    while (true) {
      long wait = budgets.reserve(key, tier, slice, share, now);
      now += wait;
      if (now >= seconds * SECOND) {
        return sent;
      }
      sent++;
    }
  }

  @Test
  void aKeySpendsAMinutesAllowanceAtTheBurstRateThenKeepsBelowTheSteadyRate() {
    RateBudgets budgets = new RateBudgets(0.97);
    UUID slice = UUID.randomUUID();
    int firstSecond = sentWithin(budgets, "k", RateTier.XL, slice, 1.0, 1);
    assertTrue(firstSecond <= 2 * 350, "burst " + firstSecond);
    int fiveMinutes = sentWithin(new RateBudgets(0.97), "k", RateTier.XL, slice, 1.0, 300);
    // A minute's allowance plus five minutes of refill, below the limit.
    assertTrue(fiveMinutes <= 3500 + 5 * 3500, "sent " + fiveMinutes);
    assertTrue(fiveMinutes >= 0.96 * (3500 + 5 * 3500), "sent only " + fiveMinutes);
    int secondMinuteAlone =
        sentWithin(new RateBudgets(0.97), "k", RateTier.XL, slice, 1.0, 120)
            - sentWithin(new RateBudgets(0.97), "k", RateTier.XL, slice, 1.0, 60);
    assertTrue(secondMinuteAlone <= 3500, "steady minute " + secondMinuteAlone);
  }

  @Test
  void aSliceUsesOnlyItsShare() {
    int sent = sentWithin(new RateBudgets(1.0), "k", RateTier.M, UUID.randomUUID(), 0.25, 600);
    double fullShare = 150 * 0.25 * 11; // a minute of allowance plus ten of refill
    assertTrue(sent <= fullShare + 3, "sent " + sent);
    assertTrue(sent >= fullShare - 3, "sent " + sent);
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
}
