package io.kvsync.scheduler.support;

import io.kvsync.common.testing.ExternalServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the scheduler's tests at the real broker and the {@code kvsync_scheduler_test} database.
 * Declared in this module because Quarkus loads a lifecycle manager from a dependency's test-jar in
 * the wrong class loader (ClassCastException); the work is {@link ExternalServices}'.
 */
public class ControlPlaneServices implements QuarkusTestResourceLifecycleManager {

  public static final String DATABASE = "kvsync_scheduler_test";

  @Override
  public Map<String, String> start() {
    return ExternalServices.quarkusConfig(DATABASE);
  }

  @Override
  public void stop() {
    // The local broker and database outlive the tests.
  }
}
