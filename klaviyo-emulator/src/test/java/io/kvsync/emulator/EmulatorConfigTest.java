package io.kvsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.emulator.auth.ApiKey;
import io.kvsync.emulator.faults.FaultKind;
import io.kvsync.emulator.ratelimit.RateLimitMode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmulatorConfigTest {

  @Test
  void standaloneDefaultsListenOn8090WithKlaviyosLimits() {
    EmulatorConfig config = EmulatorConfig.fromEnvironment(Map.of());

    assertEquals("127.0.0.1", config.host());
    assertEquals(8090, config.port());
    assertEquals(RateLimitMode.KLAVIYO, config.rateLimits());
    assertEquals("pk_emulator_demo_key_0001", config.demoKey());
    assertEquals("127.0.0.1", config.adminHost());
    assertEquals(8091, config.adminPort());
  }

  @Test
  void theAdminApiStaysOnLoopbackWhenTheApiListensEverywhere() {
    EmulatorConfig config = EmulatorConfig.fromEnvironment(Map.of("EMULATOR_HOST", "0.0.0.0"));

    assertEquals("0.0.0.0", config.host());
    assertEquals("127.0.0.1", config.adminHost());

    EmulatorConfig told =
        EmulatorConfig.fromEnvironment(
            Map.of("EMULATOR_ADMIN_HOST", "0.0.0.0", "EMULATOR_ADMIN_PORT", "18091"));
    assertEquals("0.0.0.0", told.adminHost());
    assertEquals(18091, told.adminPort());
  }

  @Test
  void environmentVariablesSetEveryKnob() {
    EmulatorConfig config =
        EmulatorConfig.fromEnvironment(
            Map.of(
                "EMULATOR_PORT", "0",
                "EMULATOR_SEED", "7",
                "EMULATOR_METRICS", "1000",
                "EMULATOR_EVENTS", "5_000_000",
                "EMULATOR_RATE_LIMITS", "scaled:10",
                "EMULATOR_KEYS", "pk_a=accounts:read+metrics:read;pk_b",
                "EMULATOR_FAULTS", "get_events:error:0.1;*:latency:50"));

    assertEquals(0, config.port());
    assertEquals(7, config.seed());
    assertEquals(1000, config.scale().metrics());
    assertEquals(5_000_000, config.scale().events());
    assertEquals(RateLimitMode.scaled(10), config.rateLimits());
    assertEquals(
        new ApiKey("pk_a", Set.of("accounts:read", "metrics:read")), config.extraKeys().get(0));
    assertEquals(ApiKey.READ_SCOPES, config.extraKeys().get(1).scopes());
    assertEquals(FaultKind.SERVER_ERROR, config.faults().rules().get(0).kind());
    assertEquals(50, config.faults().rules().get(1).latencyMillis());
  }

  @Test
  void builtInKeysEachLackOneScope() {
    var keys = EmulatorConfig.defaults().initialKeys();

    ApiKey noEvents =
        keys.stream()
            .filter(k -> k.key().equals("pk_emulator_lacks_events_read"))
            .findFirst()
            .orElseThrow();
    assertEquals(ApiKey.READ_SCOPES.size() - 1, noEvents.scopes().size());
    assertTrue(!noEvents.scopes().contains("events:read"));
    assertEquals(1 + ApiKey.READ_SCOPES.size(), keys.size());
  }

  @Test
  void aNumberThatIsNotOneIsExplained() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> EmulatorConfig.fromEnvironment(Map.of("EMULATOR_EVENTS", "lots")));

    assertTrue(error.getMessage().contains("EMULATOR_EVENTS"));
  }
}
