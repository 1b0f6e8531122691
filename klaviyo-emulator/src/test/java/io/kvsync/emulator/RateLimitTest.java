package io.kvsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.emulator.ApiClient.Reply;
import io.kvsync.emulator.auth.ApiKey;
import io.kvsync.emulator.data.Scale;
import io.kvsync.emulator.ratelimit.KeyTraffic;
import io.kvsync.emulator.ratelimit.RateLimitMode;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private static final Scale SMALL = new Scale(20, 20, 50, 5, 2, 2, 1, 3);

  /**
   * A tenth of Klaviyo's limits: accounts still allow one request at once, but the next token takes
   * ten seconds, so a slow machine cannot refill the bucket between two requests.
   */
  private static final RateLimitMode SLOW = RateLimitMode.scaled(0.1);

  private static KlaviyoEmulator start(RateLimitMode mode) {
    return KlaviyoEmulator.start(EmulatorConfig.defaults().withScale(SMALL).withRateLimits(mode));
  }

  /** Sends requests back to back until one is throttled; returns how many passed. */
  private static int passedBeforeThrottled(Supplier<Reply> request, int atMost) {
    for (int i = 0; i < atMost; i++) {
      Reply reply = request.get();
      if (reply.status() == 429) {
        return i;
      }
      assertEquals(200, reply.status(), reply.raw().body());
    }
    return atMost;
  }

  @Test
  void beyondTheBurstLimitTheAnswerIs429WithRetryAfterAndTheErrorBody() {
    try (KlaviyoEmulator emulator = start(SLOW)) {
      ApiClient api = new ApiClient(emulator.baseUrl(), emulator.demoKey());
      assertEquals(200, api.get("/api/accounts").status());

      Reply throttled = api.get("/api/accounts"); // accounts: 1/s burst

      assertEquals(429, throttled.status());
      assertEquals("throttled", throttled.firstError().path("code").asText());
      long retryAfter =
          Long.parseLong(throttled.raw().headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    }
  }

  @Test
  void limitsApplyPerKey() {
    try (KlaviyoEmulator emulator = start(SLOW)) {
      emulator.admin().addKey(ApiKey.withAllReadScopes("pk_second_key"));
      ApiClient first = new ApiClient(emulator.baseUrl(), emulator.demoKey());
      first.get("/api/accounts");
      assertEquals(429, first.get("/api/accounts").status());

      assertEquals(200, first.withKey("pk_second_key").get("/api/accounts").status());
    }
  }

  @Test
  void limitsApplyPerEndpointTier() {
    try (KlaviyoEmulator emulator = start(SLOW)) {
      ApiClient api = new ApiClient(emulator.baseUrl(), emulator.demoKey());
      api.get("/api/accounts");
      assertEquals(429, api.get("/api/accounts").status());

      assertEquals(200, api.get("/api/metrics").status());
    }
  }

  @Test
  void flowsAllowABurstOfThree() {
    try (KlaviyoEmulator emulator = start(RateLimitMode.KLAVIYO)) {
      ApiClient api = new ApiClient(emulator.baseUrl(), emulator.demoKey());

      int passed = passedBeforeThrottled(() -> api.get("/api/flows"), 10);

      // 3 at once; a slow machine may see a token refill (3/s) before the tenth request.
      assertTrue(passed >= 3 && passed < 10, "passed " + passed);
    }
  }

  @Test
  void predictiveAnalyticsDropsProfilesToTheSlowerTier() {
    // Scaled to a tenth so that even a slow machine sends faster than the limits refill.
    try (KlaviyoEmulator emulator = start(SLOW)) {
      ApiClient api = new ApiClient(emulator.baseUrl(), emulator.demoKey());

      int passed =
          passedBeforeThrottled(
              () -> api.get("/api/profiles", "additional-fields[profile]", "predictive_analytics"),
              8);

      assertTrue(passed >= 1 && passed < 7, "passed " + passed + " (the 7.5/s tier would pass 7)");
    }
  }

  @Test
  void scaledLimitsMultiplyTheBurst() {
    try (KlaviyoEmulator emulator = start(RateLimitMode.scaled(3))) {
      ApiClient api = new ApiClient(emulator.baseUrl(), emulator.demoKey());

      int passed = passedBeforeThrottled(() -> api.get("/api/accounts"), 10);

      assertTrue(passed >= 3 && passed < 10, "passed " + passed);
    }
  }

  @Test
  void limitsOffNeverThrottle() {
    try (KlaviyoEmulator emulator = start(RateLimitMode.OFF)) {
      ApiClient api = new ApiClient(emulator.baseUrl(), emulator.demoKey());

      assertEquals(30, passedBeforeThrottled(() -> api.get("/api/accounts"), 30));
    }
  }

  @Test
  void resettingTheLimitsRefillsTheBuckets() {
    try (KlaviyoEmulator emulator = start(SLOW)) {
      ApiClient api = new ApiClient(emulator.baseUrl(), emulator.demoKey());
      api.get("/api/accounts");
      assertEquals(429, api.get("/api/accounts").status());

      emulator.admin().resetRateLimits();

      assertEquals(200, api.get("/api/accounts").status());
    }
  }

  @Test
  void requestsAndThrottledAnswersAreCountedPerKey() {
    try (KlaviyoEmulator emulator = start(SLOW)) {
      emulator.admin().addKey(ApiKey.withAllReadScopes("pk_second_key"));
      ApiClient first = new ApiClient(emulator.baseUrl(), emulator.demoKey());
      first.get("/api/accounts");
      first.get("/api/accounts");
      first.get("/api/accounts");
      first.withKey("pk_second_key").get("/api/accounts");

      Reply firstCounts =
          first.getUrl(emulator.adminUrl() + "/admin/keys/" + emulator.demoKey() + "/requests");
      Reply secondCounts = first.getUrl(emulator.adminUrl() + "/admin/keys/pk_second_key/requests");

      assertEquals(200, firstCounts.status(), firstCounts.raw().body());
      assertEquals(3, firstCounts.body().path("requests").asLong());
      assertEquals(2, firstCounts.body().path("throttled").asLong());
      assertEquals(1, secondCounts.body().path("requests").asLong());
      assertEquals(0, secondCounts.body().path("throttled").asLong());
    }
  }

  @Test
  void countsOfAnUnknownKeyAre404() {
    try (KlaviyoEmulator emulator = start(SLOW)) {
      ApiClient api = new ApiClient(emulator.baseUrl(), emulator.demoKey());

      Reply reply = api.getUrl(emulator.adminUrl() + "/admin/keys/pk_nobody/requests");

      assertEquals(404, reply.status());
      assertTrue(reply.raw().body().contains("pk_nobody"), reply.raw().body());
    }
  }

  @Test
  void resettingTheLimitsZeroesTheCounts() {
    try (KlaviyoEmulator emulator = start(SLOW)) {
      ApiClient api = new ApiClient(emulator.baseUrl(), emulator.demoKey());
      api.get("/api/accounts");
      api.get("/api/accounts");

      emulator.admin().resetRateLimits();

      assertEquals(new KeyTraffic.Counts(0, 0), emulator.admin().traffic(emulator.demoKey()));
    }
  }

  @Test
  void theModeCanChangeWhileRunning() {
    try (KlaviyoEmulator emulator = start(RateLimitMode.OFF)) {
      ApiClient api = new ApiClient(emulator.baseUrl(), emulator.demoKey());
      assertEquals(5, passedBeforeThrottled(() -> api.get("/api/accounts"), 5));

      emulator.admin().useRateLimits(SLOW);

      assertEquals(1, passedBeforeThrottled(() -> api.get("/api/accounts"), 5));
    }
  }
}
