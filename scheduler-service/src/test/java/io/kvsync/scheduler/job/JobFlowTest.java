package io.kvsync.scheduler.job;

import static io.kvsync.scheduler.support.Api.createPipeline;
import static io.kvsync.scheduler.support.Api.job;
import static io.kvsync.scheduler.support.Api.runNow;
import static io.kvsync.scheduler.support.ControlPlaneServices.CIPHER;
import static io.kvsync.scheduler.support.Reports.extracted;
import static io.kvsync.scheduler.support.Reports.loaded;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.DeletionSweep;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.RecordFailure;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.SyncKind;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.common.secret.SealedPlace;
import io.kvsync.scheduler.schedule.SchedulingTick;
import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlDatabase;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.kvsync.scheduler.support.Reports;
import io.kvsync.scheduler.support.TestBus;
import io.kvsync.scheduler.support.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class JobFlowTest {

  static TestBus bus;

  @BeforeAll
  static void connect() throws Exception {
    bus = new TestBus();
  }

  @AfterAll
  static void disconnect() throws Exception {
    bus.close();
  }

  private static SyncCommand awaitCommand(String jobId) {
    return bus.awaitCommands(jobId, 1).get(0);
  }

  @Test
  void runNowPublishesASealedFullCommandAndTheJobSucceedsOnceEveryBatchIsLoaded() throws Exception {
    String pipelineId = createPipeline(List.of("metric_v2"), Api.KEYS_OF_THEIR_OWN.get(0));
    String jobId = runNow(pipelineId);

    TestBus.Received received =
        bus.awaitMessages(
                TestBus.COMMANDS_EXCHANGE,
                r -> r.as(SyncCommand.class).jobId().toString().equals(jobId),
                1)
            .get(0);
    assertEquals("application/json", received.contentType());
    SyncCommand command = received.as(SyncCommand.class);
    assertEquals("metric_v2", command.object());
    assertEquals(SyncKind.FULL, command.kind());
    assertEquals(pipelineId, command.pipelineId().toString());
    assertEquals(1, command.attempt());
    assertNull(command.window());
    assertNotNull(command.syncStartedAt());
    assertEquals(1.0, command.rateShare());
    assertFalse(command.sourceCredential().contains(Api.KEYS_OF_THEIR_OWN.get(0)));
    assertEquals(
        Api.KEYS_OF_THEIR_OWN.get(0),
        CIPHER.decrypt(command.sourceCredential(), SealedPlace.BUS_SOURCE_CREDENTIAL));
    DestinationSpec spec = DestinationSpec.unseal(command.destination(), CIPHER);
    assertEquals("s3cret-db-password", spec.password());
    assertTrue(spec.schema().startsWith("klaviyo_"), spec.schema());
    assertFalse(new String(received.body()).contains("s3cret-db-password"));

    job(jobId).body("status", equalTo("RUNNING"));

    // Progress for a job nobody knows is acked and ignored, and does not block what follows.
    SyncCommand stranger =
        new SyncCommand(
            1,
            UUID.randomUUID(),
            UUID.randomUUID(),
            UUID.randomUUID(),
            "metric_v2",
            SyncKind.FULL,
            1,
            null,
            null,
            "x",
            "y",
            1.0,
            Instant.now(),
            60,
            null);
    bus.publishProgress(
        "extracted.metric_v2", extracted(stranger, SliceStatus.COMPLETED, 1, 1, null));

    // Loaders may report batches before the extractor reports the slice.
    bus.publishProgress("loaded.metric_v2", loaded(command, 0, 200));
    bus.publishProgress("loaded.metric_v2", loaded(command, 1, 50));
    job(jobId).body("status", equalTo("RUNNING"));
    bus.publishProgress(
        "extracted.metric_v2", extracted(command, SliceStatus.COMPLETED, 2, 250, null));

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("status", equalTo("SUCCEEDED")));
    job(jobId)
        .body("pipeline_id", equalTo(pipelineId))
        .body("trigger", equalTo("RUN_NOW"))
        .body("finished_at", org.hamcrest.Matchers.notNullValue())
        .body("objects[0].object", equalTo("metric_v2"))
        .body("objects[0].status", equalTo("SUCCEEDED"))
        .body("objects[0].slices_total", equalTo(1))
        .body("objects[0].slices_done", equalTo(1))
        .body("objects[0].records_extracted", equalTo(250))
        .body("objects[0].rows_loaded", equalTo(250));
  }

  @Test
  void aRedeliveredBatchReportIsCountedOnce() throws Exception {
    String jobId = runNow(createPipeline(List.of("metric_v2")));
    SyncCommand command = awaitCommand(jobId);
    BatchLoaded batch = loaded(command, 0, 30);
    bus.publishProgress("loaded.metric_v2", batch);
    bus.publishProgress("loaded.metric_v2", batch);
    bus.publishProgress(
        "extracted.metric_v2", extracted(command, SliceStatus.COMPLETED, 1, 30, null));

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("status", equalTo("SUCCEEDED")));
    job(jobId).body("objects[0].rows_loaded", equalTo(30));
  }

  @Test
  void aFailedSliceFailsTheJobWithTheExtractorsMessage() throws Exception {
    String jobId = runNow(createPipeline(List.of("metric_v2")));
    SyncCommand command = awaitCommand(jobId);
    String message = "Klaviyo refused the API key (401): check the private API key";
    bus.publishProgress(
        "extracted.metric_v2", extracted(command, SliceStatus.FAILED, 0, 0, message));

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("status", equalTo("FAILED")));
    job(jobId)
        .body("objects[0].status", equalTo("FAILED"))
        .body("objects[0].error", equalTo(message))
        .body("error", org.hamcrest.Matchers.containsString(message));
  }

  @Test
  void runNowWhileARunIsActiveReturnsThatJob() {
    String pipelineId = createPipeline(List.of("metric_v2"));
    String first = runNow(pipelineId);
    Api.asAdmin()
        .post("/api/v1/pipelines/" + pipelineId + "/run-now")
        .then()
        .statusCode(202)
        .body("job_id", equalTo(first))
        .body("status", equalTo("RUNNING"));
  }

  @Inject SchedulingTick tick;

  private static boolean cleared;

  /** Ticks in this class see only its own pipelines. */
  @BeforeEach
  void cleanSlateOnce() throws Exception {
    if (!cleared) {
      ControlDatabase.clear();
      cleared = true;
    }
  }

  private static List<TestBus.Received> records(String routingKey, String jobId) {
    return bus.awaitMessages(
        TestBus.RECORDS_EXCHANGE,
        r -> r.routingKey().equals(routingKey) && new String(r.body()).contains(jobId),
        1);
  }

  @Test
  void aSuccessfulFullReadIsFollowedByADeletionSweepWhoseResultIsCounted() throws Exception {
    String jobId = runNow(createPipeline(List.of("metric_v2")));
    SyncCommand command = awaitCommand(jobId);
    Reports.complete(bus, command, 12);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("status", equalTo("SUCCEEDED")));

    TestBus.Received received = records("sweep", jobId).get(0);
    DeletionSweep sweep = received.as(DeletionSweep.class);
    assertEquals("metric_v2", sweep.object());
    assertEquals(command.syncStartedAt(), sweep.seenSince());
    assertEquals(command.pipelineId(), sweep.pipelineId());
    assertEquals(
        "s3cret-db-password", DestinationSpec.unseal(sweep.destination(), CIPHER).password());

    BatchLoaded swept =
        new BatchLoaded(
            BatchLoaded.SCHEMA_VERSION,
            sweep.sweepId(),
            sweep.sweepId(),
            sweep.jobId(),
            sweep.pipelineId(),
            "metric_v2",
            1,
            null,
            0,
            0,
            3,
            List.of(),
            List.of(),
            Instant.now(),
            null,
            null);
    bus.publishProgress("loaded.metric_v2", swept);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("objects[0].rows_marked_deleted", equalTo(3)));
  }

  @Test
  void failedRecordsAreKeptByTheSweepListedAndReplayedWithTheTimeTheyWereRead() throws Exception {
    String pipelineId = createPipeline(List.of("metric_v2"));
    String jobId = runNow(pipelineId);
    SyncCommand command = awaitCommand(jobId);
    String payload = "{\"type\":\"metric\",\"id\":\"M-bad\",\"attributes\":{\"name\":\"x\"}}";
    // The extractor's clock, an hour behind the scheduler's: the replay keeps it.
    Instant readAt = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    bus.publishProgress(
        "loaded.metric_v2",
        Reports.loaded(
                command,
                "metric_v2",
                0,
                9,
                List.of(RecordFailure.of("M-bad", "value too long", payload)))
            .withExtractedAt(readAt));
    bus.publishProgress(
        "extracted.metric_v2", extracted(command, SliceStatus.COMPLETED, 1, 10, null));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("status", equalTo("SUCCEEDED")));
    job(jobId)
        .body("objects[0].records_failed", equalTo(1))
        .body("objects[0].rows_loaded", equalTo(9));
    DeletionSweep sweep = records("sweep", jobId).get(0).as(DeletionSweep.class);
    assertEquals(List.of("M-bad"), sweep.keptIds(), "the sweep runs and keeps the failed record");

    Api.asAdmin()
        .get("/api/v1/pipelines/" + pipelineId + "/failed-records")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("[0].record_id", equalTo("M-bad"))
        .body("[0].reason", equalTo("value too long"))
        .body("[0].state", equalTo("OPEN"));

    String replayJob = replay(pipelineId, 1);
    RecordBatch batch = records("load", replayJob).get(0).as(RecordBatch.class);
    assertEquals("M-bad", batch.records().get(0).get("id").asText());
    assertEquals("metric_v2", batch.object());
    assertEquals(readAt, batch.extractedAt(), "a replay writes the time the record was read");
    BatchLoaded loaded = BatchLoaded.loaded(batch.ref(), 1, List.of(), List.of(), Instant.now());
    bus.publishProgress("loaded.metric_v2", loaded);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(replayJob).body("status", equalTo("SUCCEEDED")));
    job(replayJob).body("trigger", equalTo("REPLAY")).body("objects[0].rows_loaded", equalTo(1));
    Api.asAdmin()
        .get("/api/v1/pipelines/" + pipelineId + "/failed-records?state=REPLAYED")
        .then()
        .body("size()", equalTo(1));
  }

  @Test
  void aReplayTakesABoundedPageInBoundedBatchesOnePerReadTimeAndFinishesOnceAllAreLoaded()
      throws Exception {
    String pipelineId = createPipeline(List.of("metric_v2"));
    String jobId = runNow(pipelineId);
    SyncCommand command = awaitCommand(jobId);
    Instant firstRead = Instant.parse("2026-10-01T00:00:00Z");
    Instant secondRead = firstRead.plusSeconds(60);
    int failedPerBatch = 7;
    for (int seq = 0; seq < 2; seq++) {
      List<RecordFailure> failures = new java.util.ArrayList<>();
      for (int i = 0; i < failedPerBatch; i++) {
        String id = "M-" + seq + "-" + i;
        failures.add(
            RecordFailure.of(
                id, "refused", "{\"type\":\"metric\",\"id\":\"" + id + "\",\"attributes\":{}}"));
      }
      bus.publishProgress(
          "loaded.metric_v2",
          Reports.loaded(command, "metric_v2", seq, 0, failures)
              .withExtractedAt(seq == 0 ? firstRead : secondRead));
    }
    bus.publishProgress(
        "extracted.metric_v2", extracted(command, SliceStatus.COMPLETED, 2, 14, null));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("status", equalTo("SUCCEEDED")));

    // At most 10 records a replay and 3 a batch (test settings): the first replay takes the 7 of
    // the first read time (3 + 3 + 1) and 3 of the second, the next one the 4 left (3 + 1).
    String firstReplay = replay(pipelineId, 10, true);
    List<RecordBatch> firstBatches = awaitReplayBatches(firstReplay, 4);
    assertEquals(java.util.Map.of(firstRead, 7, secondRead, 3), recordsPerReadTime(firstBatches));
    loadAll(firstBatches.subList(0, 3));
    job(firstReplay).body("status", equalTo("RUNNING"));
    loadAll(firstBatches.subList(3, 4));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(firstReplay).body("status", equalTo("SUCCEEDED")));
    job(firstReplay).body("objects[0].rows_loaded", equalTo(10));

    String secondReplay = replay(pipelineId, 4, false);
    List<RecordBatch> secondBatches = awaitReplayBatches(secondReplay, 2);
    assertEquals(java.util.Map.of(secondRead, 4), recordsPerReadTime(secondBatches));
    loadAll(secondBatches);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(secondReplay).body("status", equalTo("SUCCEEDED")));
  }

  private List<RecordBatch> awaitReplayBatches(String replayJob, int count) throws Exception {
    List<RecordBatch> batches =
        bus
            .awaitMessages(
                TestBus.RECORDS_EXCHANGE,
                r -> r.routingKey().equals("load") && new String(r.body()).contains(replayJob),
                count)
            .stream()
            .map(r -> r.as(RecordBatch.class))
            .toList();
    assertEquals(count, batches.size());
    batches.forEach(b -> assertTrue(b.records().size() <= 3, "a batch holds at most 3 records"));
    return batches;
  }

  private static java.util.Map<Instant, Integer> recordsPerReadTime(List<RecordBatch> batches) {
    return batches.stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                RecordBatch::extractedAt,
                java.util.stream.Collectors.summingInt(b -> b.records().size())));
  }

  private void loadAll(List<RecordBatch> batches) throws Exception {
    for (RecordBatch batch : batches) {
      bus.publishProgress(
          "loaded.metric_v2",
          BatchLoaded.loaded(
              batch.ref(), batch.records().size(), List.of(), List.of(), Instant.now()));
    }
  }

  @Test
  void aSweepNeverMarksTheRowsOfAnotherPipelineWritingTheSameTable() throws Exception {
    String destinationId = Api.createDestination();
    String first = pipelineInto(destinationId);
    // A second pipeline on the same table, as a deployment made before one owner per table was
    // checked may hold: written here straight into the control database.
    String second = UUID.randomUUID().toString();
    ControlDatabase.execute(
        "INSERT INTO pipelines (id, name, destination_id, source_type, api_key_sealed,"
            + " api_key_masked, historical_sync_duration, frequency, status, created_at,"
            + " updated_at) SELECT '"
            + second
            + "'::uuid, 'twin-' || name, destination_id, source_type, api_key_sealed,"
            + " api_key_masked, historical_sync_duration, frequency, status, created_at,"
            + " updated_at FROM pipelines WHERE id = '"
            + first
            + "'");
    ControlDatabase.execute(
        "INSERT INTO pipeline_objects (id, pipeline_id, object, mode, status, historical_done,"
            + " rows_loaded_total) SELECT gen_random_uuid(), '"
            + second
            + "'::uuid, object, mode, status, historical_done, 0 FROM pipeline_objects"
            + " WHERE pipeline_id = '"
            + first
            + "'");

    String jobId = runNow(first);
    Reports.complete(bus, awaitCommand(jobId), 5);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("status", equalTo("SUCCEEDED")));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                Api.asAdmin()
                    .get("/api/v1/activity-log?pipeline_id=" + first)
                    .then()
                    .body("action", org.hamcrest.Matchers.hasItem("sweep.skipped"))
                    .body("detail", org.hamcrest.Matchers.hasItem(containsString(second))));
    assertTrue(
        bus.messages(
                TestBus.RECORDS_EXCHANGE,
                r -> r.routingKey().equals("sweep") && new String(r.body()).contains(jobId))
            .isEmpty(),
        "no sweep is sent for a table another pipeline writes");
  }

  private static String pipelineInto(String destinationId) {
    return Api.asAdmin()
        .body(
            Api.pipelineBody("pipeline-" + UUID.randomUUID(), destinationId, List.of("metric_v2")))
        .post("/api/v1/pipelines")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String replay(String pipelineId, int expected) {
    return replay(pipelineId, expected, false);
  }

  private static String replay(String pipelineId, int expected, boolean more) {
    return Api.asAdmin()
        .body(java.util.Map.of())
        .post("/api/v1/pipelines/" + pipelineId + "/failed-records/replay")
        .then()
        .statusCode(202)
        .body("replayed", equalTo(expected))
        .body("more", equalTo(more))
        .extract()
        .path("job_id");
  }

  @Test
  void aSliceLostWithItsExtractorIsReissuedAndTheStaleAttemptIsIgnored() throws Throwable {
    String pipelineId = createPipeline(List.of("metric_v2"));
    String jobId = runNow(pipelineId);
    SyncCommand first = awaitCommand(jobId);

    TestClock.advance(Duration.ofMinutes(31));
    VertxContextSupport.subscribeAndAwait(() -> tick.tick());

    SyncCommand second =
        bus.awaitMessages(
                TestBus.COMMANDS_EXCHANGE,
                r -> {
                  SyncCommand c = r.as(SyncCommand.class);
                  return c.jobId().toString().equals(jobId) && c.attempt() == 2;
                },
                1)
            .get(0)
            .as(SyncCommand.class);
    assertEquals(first.commandId(), second.commandId());

    // The first extractor comes back late: its report belongs to an attempt no longer current.
    Reports.complete(bus, first, 5);
    Reports.complete(bus, second, 7);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("status", equalTo("SUCCEEDED")));
    job(jobId).body("objects[0].records_extracted", equalTo(7));
    Api.asAdmin()
        .get("/api/v1/activity-log?pipeline_id=" + pipelineId)
        .then()
        .body("action", org.hamcrest.Matchers.hasItem("slice.reissued"))
        .body("severity", org.hamcrest.Matchers.hasItem("WARNING"));
  }

  @Test
  void aFirstLoadOfEventsRunsInBoundedWindowsAndCheckpointsOnlyTheLoadedPrefix() throws Exception {
    String pipelineId = createPipeline(List.of("event_v2"), Api.KEYS_OF_THEIR_OWN.get(1));
    String jobId = runNow(pipelineId);
    List<SyncCommand> issued =
        bus.awaitCommands(jobId, 8).stream()
            .sorted(java.util.Comparator.comparing(c -> c.window().from()))
            .toList();
    Thread.sleep(500);
    assertEquals(
        8, bus.commands(jobId).size(), "at most 8 slices of a job are with the extractors");
    SyncCommand first = issued.get(0);
    SyncCommand second = issued.get(1);
    assertEquals(SyncKind.HISTORICAL, first.kind());
    assertEquals(Duration.ofDays(7), Duration.between(first.window().from(), first.window().to()));
    assertEquals(first.window().to(), second.window().from());
    assertTrue(
        first.window().from().isBefore(first.syncStartedAt().minus(Duration.ofDays(85))),
        "the first window starts three months back");
    for (SyncCommand command : issued) {
      assertEquals(1.0 / 8, command.rateShare(), 1e-9);
    }

    Reports.complete(bus, second, 3);
    bus.awaitCommands(jobId, 9);
    String objects = "/api/v1/pipelines/" + pipelineId + "/objects";
    Api.asAdmin()
        .get(objects)
        .then()
        .body("[0].position", org.hamcrest.Matchers.nullValue())
        .body("[0].status", equalTo("HISTORICAL_LOAD"));

    Reports.complete(bus, first, 2);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                Api.asAdmin()
                    .get(objects)
                    .then()
                    .body("[0].position", equalTo(second.window().to().toString())));
    job(jobId).body("objects[0].slices_done", equalTo(2)).body("status", equalTo("RUNNING"));
  }
}
