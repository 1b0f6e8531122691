package io.kvsync.scheduler.support;

import io.kvsync.common.secret.SecretCipher;
import io.kvsync.common.testing.ExternalServices;
import io.kvsync.emulator.EmulatorConfig;
import io.kvsync.emulator.KlaviyoEmulator;
import io.kvsync.emulator.auth.ApiKey;
import io.kvsync.emulator.ratelimit.RateLimitMode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points the scheduler's tests at the real broker, the {@code kvsync_scheduler_test} database and
 * an in-process Klaviyo emulator. Declared in this module because Quarkus loads a lifecycle manager
 * from a dependency's test-jar in the wrong class loader (ClassCastException); the broker and
 * database work is {@link ExternalServices}'.
 */
public class ControlPlaneServices implements QuarkusTestResourceLifecycleManager {

  /**
   * {@code KVSYNC_SYSTEM_TEST_SUFFIX}, as the system tests read it: checkouts that test at once on
   * one server and one broker get a database and a virtual host each.
   */
  private static final String SUFFIX =
      System.getenv("KVSYNC_SYSTEM_TEST_SUFFIX") == null
              || System.getenv("KVSYNC_SYSTEM_TEST_SUFFIX").isBlank()
          ? ""
          : "_" + System.getenv("KVSYNC_SYSTEM_TEST_SUFFIX").trim();

  /** The cipher of the test profile's master key (application.properties). */
  public static final SecretCipher CIPHER =
      SecretCipher.fromRing("test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

  public static final String DATABASE = "kvsync_scheduler_test" + SUFFIX;

  /**
   * The broker virtual host of these tests: {@code /} unless a suffix asks for one of their own.
   */
  public static String virtualHost() {
    return SUFFIX.isEmpty() ? "/" : ExternalServices.virtualHost("kvsync-scheduler-test" + SUFFIX);
  }

  private KlaviyoEmulator klaviyo;

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(ExternalServices.quarkusConfig(DATABASE));
    klaviyo =
        KlaviyoEmulator.start(
            EmulatorConfig.defaults()
                .withRateLimits(RateLimitMode.OFF)
                .withExtraKeys(
                    java.util.stream.Stream.concat(
                            java.util.stream.Stream.of(Api.API_KEY), Api.KEYS_OF_THEIR_OWN.stream())
                        .map(ApiKey::withAllReadScopes)
                        .toList()));
    config.put("kvsync.klaviyo.base-url", klaviyo.baseUrl());
    config.put("rabbitmq-virtual-host", virtualHost());
    return config;
  }

  @Override
  public void stop() {
    if (klaviyo != null) {
      klaviyo.close();
    }
  }
}
