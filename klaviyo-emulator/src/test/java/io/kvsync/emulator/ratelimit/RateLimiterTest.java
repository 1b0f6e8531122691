package io.kvsync.emulator.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final AtomicLong nanos = new AtomicLong();
  private final RateLimiter limiter = new RateLimiter(RateLimitMode.KLAVIYO, nanos::get);

  private void advanceMillis(long millis) {
    nanos.addAndGet(millis * 1_000_000);
  }

  @Test
  void burstAllowsThatManyRequestsAtOnceThenAsksToWaitOneSecond() {
    for (int i = 0; i < 10; i++) {
      assertEquals(0, limiter.acquire("k", 10, 150));
    }
    assertEquals(1, limiter.acquire("k", 10, 150));
  }

  @Test
  void burstRefillsWithinASecond() {
    for (int i = 0; i < 10; i++) {
      limiter.acquire("k", 10, 150);
    }
    advanceMillis(1_000);
    assertEquals(0, limiter.acquire("k", 10, 150));
  }

  @Test
  void steadyLimitBindsOverAMinuteAndRetryAfterCoversItsRefill() {
    // 3/s burst, 60/m steady, 3 requests every second for 30 s: the steady bucket (60, refilled
    // 1/s) runs dry in the 30th second.
    int passed = 0;
    for (int second = 0; second < 30; second++) {
      if (second > 0) {
        advanceMillis(1_000);
      }
      for (int i = 0; i < 3; i++) {
        if (limiter.acquire("k", 3, 60) == 0) {
          passed++;
        }
      }
    }
    assertEquals(29 * 3 + 2, passed);
    assertEquals(1, limiter.acquire("k", 3, 60));
  }

  @Test
  void keysHaveSeparateBuckets() {
    limiter.acquire("a", 1, 15);
    assertEquals(1, limiter.acquire("a", 1, 15));
    assertEquals(0, limiter.acquire("b", 1, 15));
  }

  @Test
  void scaledModeMultipliesTheLimits() {
    RateLimiter scaled = new RateLimiter(RateLimitMode.scaled(2), nanos::get);
    assertEquals(0, scaled.acquire("k", 1, 15));
    assertEquals(0, scaled.acquire("k", 1, 15));
    assertEquals(1, scaled.acquire("k", 1, 15));
  }

  @Test
  void modesParseFromText() {
    assertEquals(RateLimitMode.OFF, RateLimitMode.parse("off"));
    assertEquals(RateLimitMode.KLAVIYO, RateLimitMode.parse("Klaviyo"));
    assertEquals(RateLimitMode.scaled(0.5), RateLimitMode.parse("scaled:0.5"));
  }
}
