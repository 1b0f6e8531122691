package io.kvsync.scheduler.retention;

import static io.kvsync.scheduler.observability.SchedulerMetrics.PRUNED_TABLES;
import static io.kvsync.scheduler.support.Api.asAdmin;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.BatchRef;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.job.Job;
import io.kvsync.scheduler.job.JobLauncher;
import io.kvsync.scheduler.job.JobTrigger;
import io.kvsync.scheduler.job.ProgressTracker;
import io.kvsync.scheduler.job.Slice;
import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlDatabase;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention keeps the control database flat: runs go through the real launch and settlement, the
 * pruner deletes what is history, and running work, the latest run and open failed records stay.
 */
@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class RetentionTest {

  private static final Logger LOG = Logger.getLogger(RetentionTest.class);

  @Inject JobLauncher launcher;
  @Inject ProgressTracker tracker;
  @Inject RetentionPruner pruner;
  @Inject Clock clock;

  @BeforeEach
  void cleanSlate() throws Exception {
    ControlDatabase.clear();
  }

  private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
    return VertxContextSupport.subscribeAndAwait(work);
  }

  /** One run of the pipeline's single object, read and loaded as an extractor and loader would. */
  private UUID run(UUID pipelineId) throws Throwable {
    Job job = await(() -> launcher.launch(pipelineId, JobTrigger.RUN_NOW)).job();
    Slice slice =
        await(() -> Panache.withSession(() -> Slice.<Slice>find("jobId", job.id).firstResult()));
    finish(slice, pipelineId);
    return job.id;
  }

  private void finish(Slice slice, UUID pipelineId) throws Throwable {
    UUID read = UUID.randomUUID();
    BatchRef batch =
        new BatchRef(
            UUID.randomUUID(),
            slice.id,
            slice.jobId,
            pipelineId,
            slice.object,
            slice.attempt,
            read,
            0);
    await(
        () ->
            tracker.batchLoaded(
                BatchLoaded.loaded(batch, 3, List.of(), List.of(), clock.instant())));
    await(
        () ->
            tracker.sliceExtracted(
                new SliceExtracted(
                    SliceExtracted.SCHEMA_VERSION,
                    slice.id,
                    slice.jobId,
                    pipelineId,
                    slice.object,
                    slice.attempt,
                    read,
                    SliceStatus.COMPLETED,
                    1,
                    3,
                    null,
                    null,
                    null)));
  }

  private static long count(String sql) throws Exception {
    try (Connection c = ControlDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<String, Long> rows() throws Exception {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : PRUNED_TABLES) {
      rows.put(table, count("SELECT count(*) FROM " + table));
    }
    return rows;
  }

  /** Bytes of the control tables with their indexes, after the vacuum PostgreSQL runs itself. */
  private static long bytes() throws Exception {
    try (Connection c = ControlDatabase.connect();
        Statement s = c.createStatement()) {
      // Autovacuum makes deleted rows' space reusable on its own schedule; run it now.
      s.execute("VACUUM " + String.join(", ", PRUNED_TABLES));
    }
    long total = 0;
    for (String table : PRUNED_TABLES) {
      total += count("SELECT pg_total_relation_size('" + table + "')");
    }
    return total;
  }

  @Test
  void theControlDatabaseStaysFlatOverTwoThousandRuns() throws Throwable {
    UUID pipeline = UUID.fromString(Api.createPipeline(List.of("metric_v2")));
    int rounds = 10;
    int runsPerRound = 200;
    long bytesEarly = 0;
    Map<String, Long> rowsEarly = null;
    Instant started = Instant.now();
    for (int round = 1; round <= rounds; round++) {
      for (int i = 0; i < runsPerRound; i++) {
        run(pipeline);
      }
      // Every run of the round settled through the real code (plus the one kept from before).
      assertEquals(
          runsPerRound + (round == 1 ? 0 : 1),
          count("SELECT count(*) FROM jobs WHERE status = 'SUCCEEDED'"),
          "round " + round);
      // A period of zero: all that ended before now is history.
      Map<String, Long> pruned = await(() -> pruner.prune(clock.instant()));
      assertEquals(runsPerRound - (round == 1 ? 1 : 0), pruned.get("jobs"), pruned.toString());
      Map<String, Long> rows = rows();
      long bytes = bytes();
      LOG.infof("After %d runs: %s, %d bytes", round * runsPerRound, rows, bytes);
      if (round == 3) {
        rowsEarly = rows;
        bytesEarly = bytes;
      }
      if (round == rounds) {
        assertEquals(rowsEarly, rows, "rows after 600 runs and after 2,000");
        assertTrue(
            bytes <= bytesEarly + bytesEarly / 5,
            "bytes after 600 runs " + bytesEarly + ", after 2,000 " + bytes);
      }
    }
    assertEquals(1L, rowsEarly.get("jobs"), "the latest run of the pipeline is kept");
    LOG.infof("%d runs in %s", rounds * runsPerRound, Duration.between(started, Instant.now()));
  }

  @Test
  void runningWorkTheLatestRunAndOpenFailedRecordsAreKept() throws Throwable {
    UUID busy = UUID.fromString(Api.createPipeline(List.of("metric_v2")));
    UUID oldest = run(busy);
    UUID finished = run(busy);
    Job running = await(() -> launcher.launch(busy, JobTrigger.RUN_NOW)).job();
    UUID quiet = UUID.fromString(Api.createPipeline(List.of("metric_v2")));
    UUID latestOfQuiet = run(quiet);
    UUID gone = UUID.randomUUID();
    String failed =
        "INSERT INTO failed_records (id, pipeline_id, job_id, batch_id, object, reason, state,"
            + " failed_at, replayed_at) VALUES ";
    UUID open = UUID.randomUUID();
    ControlDatabase.execute(
        failed
            + String.join(
                ", ",
                row(open, quiet, "OPEN", "NULL"),
                row(UUID.randomUUID(), quiet, "REPLAYED", "now() - interval '1 day'"),
                row(UUID.randomUUID(), gone, "OPEN", "NULL")));

    Map<String, Long> pruned = await(() -> pruner.prune(clock.instant().plusSeconds(3600)));

    assertEquals(2L, pruned.get("jobs"), pruned.toString());
    assertEquals(2L, pruned.get("failed_records"), "the replayed one and the orphan");
    assertEquals(
        0, count("SELECT count(*) FROM jobs WHERE id IN ('" + oldest + "', '" + finished + "')"));
    assertEquals(1, count("SELECT count(*) FROM jobs WHERE id = '" + running.id + "'"));
    assertEquals(1, count("SELECT count(*) FROM slices WHERE job_id = '" + running.id + "'"));
    assertEquals(1, count("SELECT count(*) FROM jobs WHERE id = '" + latestOfQuiet + "'"));
    assertEquals(1, count("SELECT count(*) FROM failed_records WHERE id = '" + open + "'"));
    assertEquals(0, count("SELECT count(*) FROM activity_log WHERE action <> 'retention.pruned'"));
    asAdmin()
        .get("/api/v1/activity-log")
        .then()
        .statusCode(200)
        .body("action", hasItem("retention.pruned"));

    // The running job goes once it ended and a newer one exists.
    Slice slice =
        await(
            () -> Panache.withSession(() -> Slice.<Slice>find("jobId", running.id).firstResult()));
    finish(slice, busy);
    run(busy);
    await(() -> pruner.prune(clock.instant().plusSeconds(3600)));
    assertEquals(0, count("SELECT count(*) FROM slices WHERE job_id = '" + running.id + "'"));
    assertEquals(0, count("SELECT count(*) FROM jobs WHERE id = '" + running.id + "'"));
  }

  private static String row(UUID id, UUID pipeline, String state, String replayedAt) {
    return "('"
        + id
        + "', '"
        + pipeline
        + "', '"
        + UUID.randomUUID()
        + "', '"
        + UUID.randomUUID()
        + "', 'profile_v2', 'value too long', '"
        + state
        + "', now() - interval '2 days', "
        + replayedAt
        + ")";
  }

  @Test
  void aFailedRecordIsDismissedOnlyThroughItsPipelineAndGoesWithItsPipeline() throws Exception {
    String pipeline = Api.createPipeline(List.of("metric_v2"));
    String other = Api.createPipeline(List.of("metric_v2"));
    UUID record = UUID.randomUUID();
    UUID kept = UUID.randomUUID();
    ControlDatabase.execute(
        "INSERT INTO failed_records (id, pipeline_id, job_id, batch_id, object, reason, state,"
            + " failed_at, replayed_at) VALUES "
            + row(record, UUID.fromString(pipeline), "OPEN", "NULL")
            + ", "
            + row(kept, UUID.fromString(pipeline), "OPEN", "NULL"));

    asAdmin()
        .delete("/api/v1/pipelines/" + other + "/failed-records/" + record)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    asAdmin()
        .delete("/api/v1/pipelines/" + pipeline + "/failed-records/" + UUID.randomUUID())
        .then()
        .statusCode(404);
    io.restassured.RestAssured.given()
        .delete("/api/v1/pipelines/" + pipeline + "/failed-records/" + record)
        .then()
        .statusCode(401);
    asAdmin()
        .delete("/api/v1/pipelines/" + pipeline + "/failed-records/" + record)
        .then()
        .statusCode(204);
    assertEquals(0, count("SELECT count(*) FROM failed_records WHERE id = '" + record + "'"));
    asAdmin()
        .delete("/api/v1/pipelines/" + pipeline + "/failed-records/" + record)
        .then()
        .statusCode(404);

    asAdmin().delete("/api/v1/pipelines/" + pipeline).then().statusCode(204);
    assertEquals(0, count("SELECT count(*) FROM failed_records WHERE id = '" + kept + "'"));
  }

  @Test
  void retentionSettingsAreChecked() {
    IllegalStateException tooShort =
        assertThrows(
            IllegalStateException.class,
            () -> RetentionPruner.check(settings(Duration.ofHours(12), 500, 10)));
    assertEquals(
        "kvsync.retention.period must be at least P1D (a day); got PT12H", tooShort.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> RetentionPruner.check(settings(Duration.ofDays(90), 0, 10)));
    assertThrows(
        IllegalStateException.class,
        () -> RetentionPruner.check(settings(Duration.ofDays(90), 500, 0)));
    RetentionPruner.check(settings(Duration.ofDays(1), 1, 1));
  }

  private static SchedulerConfig.Retention settings(Duration period, int chunk, int chunks) {
    return new SchedulerConfig.Retention() {
      @Override
      public Duration period() {
        return period;
      }

      @Override
      public String interval() {
        return "1h";
      }

      @Override
      public int chunkSize() {
        return chunk;
      }

      @Override
      public int maxChunksPerRun() {
        return chunks;
      }
    };
  }
}
