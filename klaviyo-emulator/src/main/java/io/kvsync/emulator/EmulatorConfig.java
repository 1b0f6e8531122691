package io.kvsync.emulator;

import io.kvsync.emulator.auth.ApiKey;
import io.kvsync.emulator.data.Scale;
import io.kvsync.emulator.faults.FaultPlan;
import io.kvsync.emulator.ratelimit.RateLimitMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything that shapes one emulator instance. Build it with {@link #defaults()} and the {@code
 * with…} methods, or from environment variables with {@link #fromEnvironment(Map)}.
 *
 * @param host interface to listen on
 * @param port port to listen on; 0 picks a free one
 * @param seed seed of the generated data: the same seed and scale always give the same account
 * @param scale how many objects of each kind to generate
 * @param anchor the generated account's "now": data lies before it, except a few records that are
 *     deliberately dated years after it
 * @param rateLimits Klaviyo's limits, scaled, or off
 * @param demoKey a key with every read scope
 * @param extraKeys further keys accepted from the start, besides the demo key and the built-in keys
 *     that each lack one scope
 * @param faults faults active from the start
 * @param adminHost interface the admin API listens on: loopback unless told otherwise, since it
 *     changes data and injects faults without any key
 * @param adminPort port of the admin API, its own listener; 0 picks a free one
 */
public record EmulatorConfig(
    String host,
    int port,
    long seed,
    Scale scale,
    Instant anchor,
    RateLimitMode rateLimits,
    String demoKey,
    List<ApiKey> extraKeys,
    FaultPlan faults,
    String adminHost,
    int adminPort) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8090;
  public static final int DEFAULT_ADMIN_PORT = 8091;
  public static final long DEFAULT_SEED = 42L;
  public static final String DEFAULT_DEMO_KEY = "pk_emulator_demo_key_0001";
  public static final Instant DEFAULT_ANCHOR = Instant.parse("2026-07-01T00:00:00Z");

  public EmulatorConfig {
    extraKeys = List.copyOf(extraKeys);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    }
    if (adminPort < 0 || adminPort > 65535) {
      throw new IllegalArgumentException("admin port " + adminPort + " is outside 0..65535");
    }
  }

  /**
   * Klaviyo's rate limits, the default scale and seed, random free ports on 127.0.0.1 for the API
   * and the admin API.
   */
  public static EmulatorConfig defaults() {
    return new EmulatorConfig(
        DEFAULT_HOST,
        0,
        DEFAULT_SEED,
        Scale.DEFAULT,
        DEFAULT_ANCHOR,
        RateLimitMode.KLAVIYO,
        DEFAULT_DEMO_KEY,
        List.of(),
        FaultPlan.none(),
        DEFAULT_HOST,
        0);
  }

  /**
   * Reads the standalone configuration (README lists every variable): EMULATOR_HOST, EMULATOR_PORT
   * (default 8090), EMULATOR_SEED, EMULATOR_METRICS, EMULATOR_PROFILES, EMULATOR_EVENTS,
   * EMULATOR_EVENT_DAYS, EMULATOR_LISTS, EMULATOR_SEGMENTS, EMULATOR_FLOWS, EMULATOR_CAMPAIGNS,
   * EMULATOR_ANCHOR, EMULATOR_RATE_LIMITS, EMULATOR_DEMO_KEY, EMULATOR_KEYS, EMULATOR_FAULTS,
   * EMULATOR_ADMIN_HOST (default 127.0.0.1, whatever EMULATOR_HOST says), EMULATOR_ADMIN_PORT
   * (default 8091).
   */
  public static EmulatorConfig fromEnvironment(Map<String, String> env) {
    EmulatorConfig base = defaults().withPort(DEFAULT_PORT);
    Scale scale = base.scale();
    scale = scale.withMetrics(intVar(env, "EMULATOR_METRICS", scale.metrics()));
    scale = scale.withProfiles(intVar(env, "EMULATOR_PROFILES", scale.profiles()));
    scale = scale.withEvents(longVar(env, "EMULATOR_EVENTS", scale.events()));
    scale = scale.withEventDays(intVar(env, "EMULATOR_EVENT_DAYS", scale.eventDays()));
    scale = scale.withLists(intVar(env, "EMULATOR_LISTS", scale.lists()));
    scale = scale.withSegments(intVar(env, "EMULATOR_SEGMENTS", scale.segments()));
    scale = scale.withFlows(intVar(env, "EMULATOR_FLOWS", scale.flows()));
    scale = scale.withCampaigns(intVar(env, "EMULATOR_CAMPAIGNS", scale.campaigns()));
    return new EmulatorConfig(
        env.getOrDefault("EMULATOR_HOST", DEFAULT_HOST),
        intVar(env, "EMULATOR_PORT", DEFAULT_PORT),
        longVar(env, "EMULATOR_SEED", DEFAULT_SEED),
        scale,
        env.containsKey("EMULATOR_ANCHOR")
            ? Instant.parse(env.get("EMULATOR_ANCHOR"))
            : DEFAULT_ANCHOR,
        env.containsKey("EMULATOR_RATE_LIMITS")
            ? RateLimitMode.parse(env.get("EMULATOR_RATE_LIMITS"))
            : RateLimitMode.KLAVIYO,
        env.getOrDefault("EMULATOR_DEMO_KEY", DEFAULT_DEMO_KEY),
        parseKeys(env.getOrDefault("EMULATOR_KEYS", "")),
        env.containsKey("EMULATOR_FAULTS")
            ? FaultPlan.parse(env.get("EMULATOR_FAULTS"))
            : FaultPlan.none(),
        env.getOrDefault("EMULATOR_ADMIN_HOST", DEFAULT_HOST),
        intVar(env, "EMULATOR_ADMIN_PORT", DEFAULT_ADMIN_PORT));
  }

  /**
   * Parses {@code key=scope+scope;key2=scope} (scopes joined by '+' or ' '); a key without '=' gets
   * every read scope.
   */
  static List<ApiKey> parseKeys(String text) {
    List<ApiKey> keys = new ArrayList<>();
    for (String entry : text.split(";")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int equals = trimmed.indexOf('=');
      if (equals < 0) {
        keys.add(ApiKey.withAllReadScopes(trimmed));
      } else {
        Set<String> scopes =
            Set.copyOf(
                Arrays.stream(trimmed.substring(equals + 1).split("[+ ]"))
                    .filter(s -> !s.isBlank())
                    .toList());
        keys.add(new ApiKey(trimmed.substring(0, equals), scopes));
      }
    }
    return keys;
  }

  private static int intVar(Map<String, String> env, String name, int fallback) {
    return (int) longVar(env, name, fallback);
  }

  private static long longVar(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + value + "' is not a whole number", e);
    }
  }

  /** Every key accepted at start: the demo key, one built-in key per missing scope, the extras. */
  public List<ApiKey> initialKeys() {
    List<ApiKey> keys = new ArrayList<>();
    keys.add(ApiKey.withAllReadScopes(demoKey));
    ApiKey.READ_SCOPES.stream()
        .sorted()
        .forEach(scope -> keys.add(ApiKey.lacking(ApiKey.builtInKeyLacking(scope), scope)));
    keys.addAll(extraKeys);
    return keys;
  }

  public EmulatorConfig withHost(String value) {
    return new EmulatorConfig(
        value,
        port,
        seed,
        scale,
        anchor,
        rateLimits,
        demoKey,
        extraKeys,
        faults,
        adminHost,
        adminPort);
  }

  public EmulatorConfig withPort(int value) {
    return new EmulatorConfig(
        host,
        value,
        seed,
        scale,
        anchor,
        rateLimits,
        demoKey,
        extraKeys,
        faults,
        adminHost,
        adminPort);
  }

  public EmulatorConfig withSeed(long value) {
    return new EmulatorConfig(
        host,
        port,
        value,
        scale,
        anchor,
        rateLimits,
        demoKey,
        extraKeys,
        faults,
        adminHost,
        adminPort);
  }

  public EmulatorConfig withScale(Scale value) {
    return new EmulatorConfig(
        host,
        port,
        seed,
        value,
        anchor,
        rateLimits,
        demoKey,
        extraKeys,
        faults,
        adminHost,
        adminPort);
  }

  public EmulatorConfig withAnchor(Instant value) {
    return new EmulatorConfig(
        host,
        port,
        seed,
        scale,
        value,
        rateLimits,
        demoKey,
        extraKeys,
        faults,
        adminHost,
        adminPort);
  }

  public EmulatorConfig withRateLimits(RateLimitMode value) {
    return new EmulatorConfig(
        host, port, seed, scale, anchor, value, demoKey, extraKeys, faults, adminHost, adminPort);
  }

  public EmulatorConfig withDemoKey(String value) {
    return new EmulatorConfig(
        host,
        port,
        seed,
        scale,
        anchor,
        rateLimits,
        value,
        extraKeys,
        faults,
        adminHost,
        adminPort);
  }

  public EmulatorConfig withExtraKeys(List<ApiKey> value) {
    return new EmulatorConfig(
        host, port, seed, scale, anchor, rateLimits, demoKey, value, faults, adminHost, adminPort);
  }

  public EmulatorConfig withFaults(FaultPlan value) {
    return new EmulatorConfig(
        host,
        port,
        seed,
        scale,
        anchor,
        rateLimits,
        demoKey,
        extraKeys,
        value,
        adminHost,
        adminPort);
  }

  public EmulatorConfig withAdminHost(String value) {
    return new EmulatorConfig(
        host, port, seed, scale, anchor, rateLimits, demoKey, extraKeys, faults, value, adminPort);
  }

  public EmulatorConfig withAdminPort(int value) {
    return new EmulatorConfig(
        host, port, seed, scale, anchor, rateLimits, demoKey, extraKeys, faults, adminHost, value);
  }
}
