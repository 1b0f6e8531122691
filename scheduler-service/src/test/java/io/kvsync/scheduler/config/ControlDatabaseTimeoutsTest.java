package io.kvsync.scheduler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvsync.scheduler.support.ControlPlaneServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class ControlDatabaseTimeoutsTest {

  @Inject Pool pool;

  private String setting(String name) {
    return pool.query("SHOW " + name)
        .execute()
        .map(rows -> rows.iterator().next().getString(0))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  @Test
  void everyControlDatabaseConnectionBoundsStatementsAndLockWaits() {
    assertEquals("30s", setting("statement_timeout"));
    assertEquals("10s", setting("lock_timeout"));
  }
}
