package io.kvsync.deploy.system;

import io.kvsync.emulator.EmulatorConfig;
import io.kvsync.emulator.ratelimit.RateLimitMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives system tests one {@link RunningSystem}, started on first use and stopped when all tests of
 * the run are done: starting four processes per test class would dominate the build's time.
 */
public class WholeSystem implements ParameterResolver, AfterEachCallback {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RunningSystem.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(WholeSystem.class))
        .computeIfAbsent(RunningSystem.class, key -> startSystem(), RunningSystem.class);
  }

  /** Whatever faults a test told Klaviyo to serve end with it. */
  @Override
  public void afterEach(ExtensionContext context) {
    RunningSystem system =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.create(WholeSystem.class))
            .get(RunningSystem.class, RunningSystem.class);
    if (system != null) {
      system.klaviyo().admin().clearFaults();
    }
  }

  private static RunningSystem startSystem() {
    try {
      // Today's account, so the default three-month history holds events; Klaviyo's limits ten
      // times over, so limits are exercised without slowing the build down.
      return RunningSystem.start(
          EmulatorConfig.defaults()
              .withAnchor(Instant.now().truncatedTo(ChronoUnit.DAYS))
              .withRateLimits(RateLimitMode.scaled(10)));
    } catch (Exception e) {
      throw new IllegalStateException("The system under test did not start: " + e.getMessage(), e);
    }
  }
}
