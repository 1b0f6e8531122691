package io.kvsync.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real broker and a database of its own. Init arg {@code
 * database}: the database name (created when missing).
 */
public class ExternalServicesResource implements QuarkusTestResourceLifecycleManager {

  private String database = "kvsync_test";

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.getOrDefault("database", database);
  }

  @Override
  public Map<String, String> start() {
    return ExternalServices.quarkusConfig(database);
  }

  @Override
  public void stop() {
    // Local services outlive the tests; containers stop with the JVM.
  }
}
