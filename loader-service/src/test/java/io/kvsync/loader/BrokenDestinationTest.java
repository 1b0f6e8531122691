package io.kvsync.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.Refusal;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.common.testing.ExternalServices;
import io.kvsync.common.testing.ExternalServicesResource;
import io.kvsync.loader.destination.DestinationPools;
import io.kvsync.loader.messaging.Settlement;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Destinations that refuse the loader, are away, or hold a lock: each batch gets its answer within
 * the retry bound ({@code kvsync.retry.give-up-after} is 3 seconds in tests), and none of them
 * delays a batch for a healthy destination.
 */
@QuarkusTest
@QuarkusTestResource(
    value = ExternalServicesResource.class,
    initArgs = @ResourceArg(name = "database", value = TestDestination.DATABASE))
class BrokenDestinationTest extends BusTest {

  private static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");
  private static final Duration BOUND = Duration.ofSeconds(3);

  @Inject DestinationPools pools;

  private RecordBatch metrics(DestinationSpec spec, String id) {
    return Batches.batch(
        "metric_v2",
        spec.seal(TestDestination.CIPHER),
        T1,
        List.of(Batches.resource("metric", id, "{\"name\":\"" + id + "\"}")));
  }

  private DestinationSpec withUser(String user) {
    DestinationSpec own = destination.spec();
    return new DestinationSpec(
        own.host(), own.port(), own.database(), user, "wrong", own.schema(), "");
  }

  private DestinationSpec withDatabase(String database) {
    DestinationSpec own = destination.spec();
    return new DestinationSpec(
        own.host(), own.port(), database, own.user(), own.password(), own.schema(), "");
  }

  @Test
  void destinationsThatRefuseTheLoaderAreRefusedForGoodAtOnceAndParkedWithTheReason()
      throws Exception {
    String role = "kvsync_it_nogrant_" + UUID.randomUUID().toString().substring(0, 8);
    destination.execute("CREATE SCHEMA {schema}");
    destination.execute("CREATE ROLE " + role + " LOGIN");
    try {
      // A login the destination refuses: with trust authentication (the local test database) an
      // unknown user (28000), with password authentication a wrong password (28P01).
      RecordBatch badLogin = metrics(withUser("kvsync_it_nobody_" + UUID.randomUUID()), "a");
      RecordBatch noGrant = metrics(withUser(role), "b");
      RecordBatch noDatabase = metrics(withDatabase("kvsync_it_missing_" + UUID.randomUUID()), "c");
      RecordBatch healthy = metrics(destination.spec(), "d");

      long published = System.nanoTime();
      bus.publish("load", badLogin);
      bus.publish("load", noGrant);
      bus.publish("load", noDatabase);
      bus.publish("load", healthy);

      Map<RecordBatch, String> expected = new LinkedHashMap<>();
      expected.put(badLogin, "authentication failed");
      expected.put(
          noGrant,
          "permission denied on the destination schema (grant the loader's user CREATE and USAGE");
      expected.put(noDatabase, "the destination database does not exist (SQLSTATE 3D000");
      for (Map.Entry<RecordBatch, String> bad : expected.entrySet()) {
        BatchLoaded refused = bus.awaitLoaded(bad.getKey().batchId(), WAIT);
        Duration took = Duration.ofNanos(System.nanoTime() - published);
        assertEquals(Refusal.PERMANENT, refused.refusal(), refused.error());
        assertTrue(refused.error().contains(bad.getValue()), refused.error());
        assertEquals(bad.getKey().readId(), refused.readId());
        assertTrue(took.compareTo(BOUND) < 0, "refused without retrying, in " + took);

        TestBus.Parked parked = bus.awaitParkedBatch(bad.getKey().batchId(), WAIT);
        assertEquals(refused.error(), parked.header(Settlement.REASON_HEADER));
        assertEquals(bad.getKey().batchId(), Batches.decode(parked.body()).batchId());
      }

      BatchLoaded loaded = bus.awaitLoaded(healthy.batchId(), WAIT);
      assertNull(loaded.error());
      assertEquals(1, loaded.rowsUpserted());
      Duration took = Duration.ofNanos(System.nanoTime() - published);
      assertTrue(took.compareTo(BOUND) < 0, "the healthy destination waited " + took);
    } finally {
      destination.execute("DROP ROLE IF EXISTS " + role);
    }
  }

  @Test
  void aDestinationWhoseHostIsTheMetadataServerIsRefusedForGoodWithoutAConnection()
      throws Exception {
    DestinationSpec own = destination.spec();
    RecordBatch metadata =
        metrics(
            new DestinationSpec(
                "169.254.169.254", own.port(), own.database(), own.user(), "", own.schema(), ""),
            "metadata");
    bus.publish("load", metadata);
    BatchLoaded refused = bus.awaitLoaded(metadata.batchId(), WAIT);
    assertEquals(Refusal.PERMANENT, refused.refusal(), refused.error());
    assertTrue(
        refused.error().contains("169.254.169.254 is a cloud metadata address"), refused.error());
    TestBus.Parked parked = bus.awaitParkedBatch(metadata.batchId(), WAIT);
    assertEquals(refused.error(), parked.header(Settlement.REASON_HEADER));
  }

  @Test
  void aUserGrantedOnlyItsSchemaLoadsIntoIt() throws Exception {
    String role = "kvsync_it_schemaonly_" + UUID.randomUUID().toString().substring(0, 8);
    destination.execute("CREATE SCHEMA {schema}");
    destination.execute("CREATE ROLE " + role + " LOGIN");
    try {
      // No CREATE on the database, which CREATE SCHEMA IF NOT EXISTS would need.
      destination.execute("GRANT USAGE, CREATE ON SCHEMA {schema} TO " + role);
      RecordBatch batch = metrics(withUser(role), "granted");
      bus.publish("load", batch);
      BatchLoaded loaded = bus.awaitLoaded(batch.batchId(), WAIT);
      assertNull(loaded.error());
      assertEquals(1, loaded.rowsUpserted());
    } finally {
      destination.execute("DROP OWNED BY " + role);
      destination.execute("DROP ROLE IF EXISTS " + role);
    }
  }

  @Test
  void aDestinationKnownToRefuseTheLoaderIsRefusedAgainWithTheSameReason() throws Exception {
    DestinationSpec missing = withDatabase("kvsync_it_missing_" + UUID.randomUUID());
    RecordBatch first = metrics(missing, "first");
    RecordBatch second = metrics(missing, "second");
    bus.publish("load", first);
    BatchLoaded firstRefused = bus.awaitLoaded(first.batchId(), WAIT);
    bus.publish("load", second);
    BatchLoaded secondRefused = bus.awaitLoaded(second.batchId(), WAIT);

    assertEquals(Refusal.PERMANENT, secondRefused.refusal());
    assertEquals(firstRefused.error(), secondRefused.error());
  }

  @Test
  void aDestinationThatStaysDownIsRefusedAsTemporaryAfterTheBoundAndNotParked() throws Exception {
    ExternalServices.Endpoints e = ExternalServices.start();
    try (TcpForwarder outage = new TcpForwarder(e.postgresHost(), e.postgresPort())) {
      DestinationSpec down = forwarded(outage);
      RecordBatch batch = metrics(down, "never");
      long published = System.nanoTime();
      bus.publish("load", batch);

      BatchLoaded refused = bus.awaitLoaded(batch.batchId(), WAIT);
      Duration took = Duration.ofNanos(System.nanoTime() - published);
      assertEquals(Refusal.TEMPORARY, refused.refusal(), refused.error());
      assertEquals(
          "The destination 127.0.0.1:"
              + outage.port()
              + "/"
              + TestDestination.DATABASE
              + " was unavailable for more than 3 seconds (the destination was unreachable:"
              + " connection refused); the object resumes on the next run",
          refused.error());
      assertTrue(took.compareTo(Duration.ofSeconds(1)) > 0, "retried first, answered in " + took);
      assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "within the bound, not " + took);
    }
  }

  @Test
  void aDestinationBackWithinTheBoundLoadsTheBatch() throws Exception {
    ExternalServices.Endpoints e = ExternalServices.start();
    try (TcpForwarder outage = new TcpForwarder(e.postgresHost(), e.postgresPort())) {
      RecordBatch batch = metrics(forwarded(outage), "late");
      bus.publish("load", batch);

      assertFalse(bus.answers(batch.batchId(), Duration.ofSeconds(1)), "nothing while down");
      outage.start();
      BatchLoaded loaded = bus.awaitLoaded(batch.batchId(), WAIT);
      assertNull(loaded.error());
      assertEquals(1, loaded.rowsUpserted());
      assertEquals(
          "late",
          destination
              .rows("SELECT name FROM {schema}.metric_v2 WHERE id = 'late'")
              .get(0)
              .get("name"));
    }
  }

  @Test
  void everyDestinationConnectionHasAStatementAndALockTimeout() {
    Row settings =
        pools
            .withPool(
                destination.spec(),
                pool ->
                    pool.query(
                            "SELECT current_setting('statement_timeout'),"
                                + " current_setting('lock_timeout')")
                        .execute())
            .await()
            .atMost(WAIT)
            .iterator()
            .next();
    assertEquals("1min", settings.getString(0), "kvsync.load.statement-timeout");
    assertEquals("1s", settings.getString(1), "kvsync.load.lock-timeout (PT1S in tests)");
  }

  @Test
  void aTableLockedBeyondTheBoundIsRefusedAsTemporaryInsteadOfWaitedFor() throws Exception {
    RecordBatch first = metrics(destination.spec(), "first");
    bus.publish("load", first);
    assertNull(bus.awaitLoaded(first.batchId(), WAIT).error());

    ExternalServices.Endpoints e = ExternalServices.start();
    try (Connection holder =
            DriverManager.getConnection(
                e.jdbcUrl(TestDestination.DATABASE), e.postgresUser(), e.postgresPassword());
        Statement lock = holder.createStatement()) {
      holder.setAutoCommit(false);
      lock.execute(
          "LOCK TABLE \"" + destination.schema() + "\".metric_v2 IN ACCESS EXCLUSIVE MODE");

      RecordBatch blocked = metrics(destination.spec(), "blocked");
      bus.publish("load", blocked);
      BatchLoaded refused = bus.awaitLoaded(blocked.batchId(), WAIT);
      assertEquals(Refusal.TEMPORARY, refused.refusal(), refused.error());
      assertTrue(
          refused
              .error()
              .startsWith(
                  "The destination 127.0.0.1:5432/kvsync_loader_test could not take the batch for"
                      + " more than 3 seconds (a lock in the destination was not granted within"
                      + " lock_timeout (SQLSTATE 55P03"),
          refused.error());
      holder.rollback();
    }
  }

  /** This test's destination, reached through {@code forwarder}. */
  private DestinationSpec forwarded(TcpForwarder forwarder) {
    DestinationSpec own = destination.spec();
    return new DestinationSpec(
        "127.0.0.1",
        forwarder.port(),
        own.database(),
        own.user(),
        own.password(),
        own.schema(),
        "");
  }
}
