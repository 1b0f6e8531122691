package io.kvsync.scheduler.job;

import static io.kvsync.scheduler.support.Api.asAdmin;
import static io.kvsync.scheduler.support.Api.createPipeline;
import static io.kvsync.scheduler.support.Api.job;
import static io.kvsync.scheduler.support.Api.runNow;
import static io.kvsync.scheduler.support.Reports.extractedBy;
import static io.kvsync.scheduler.support.Reports.loadedBy;
import static io.kvsync.scheduler.support.Reports.refusedBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.ReadResume;
import io.kvsync.common.contract.Refusal;
import io.kvsync.common.contract.RunCancelled;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.scheduler.schedule.SchedulingTick;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint protocol on a bad day: commands delivered twice, batches refused or lost,
 * extractors gone silent, reads cut into chunks, runs cancelled, changes made while a run reads.
 * The test plays extractors and loaders on the real broker; the control state is read over the API.
 */
@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class ProtocolFaultsTest {

  static TestBus bus;

  @Inject SchedulingTick tick;

  @BeforeAll
  static void connect() throws Exception {
    ControlDatabase.clear();
    bus = new TestBus();
  }

  @AfterAll
  static void disconnect() throws Exception {
    bus.close();
  }

  private static SyncCommand awaitCommand(String jobId, Predicate<SyncCommand> which) {
    return bus.awaitMessages(
            TestBus.COMMANDS_EXCHANGE,
            r -> {
              SyncCommand c = r.as(SyncCommand.class);
              return c.jobId().toString().equals(jobId) && which.test(c);
            },
            1)
        .get(0)
        .as(SyncCommand.class);
  }

  private static SyncCommand awaitCommand(String jobId) {
    return awaitCommand(jobId, c -> true);
  }

  private static void report(String prefix, SyncCommand command, Object report) throws Exception {
    bus.publishProgress(prefix + "." + command.object(), report);
  }

  private static void awaitJob(String jobId, String status) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("status", equalTo(status)));
  }

  private void tick() throws Throwable {
    VertxContextSupport.subscribeAndAwait(() -> tick.tick());
  }

  private static String objects(String pipelineId) {
    return "/api/v1/pipelines/" + pipelineId + "/objects";
  }

  @Test
  void aCommandDeliveredTwiceCountsOnlyTheBatchesOfTheReadThatCompleted() throws Exception {
    String jobId = runNow(createPipeline(List.of("metric_v2")));
    SyncCommand command = awaitCommand(jobId);
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();

    // Both deliveries read; the first published two batches, the second one so far.
    report("loaded", command, loadedBy(first, command, "metric_v2", 0, 200, List.of()));
    report("loaded", command, loadedBy(first, command, "metric_v2", 1, 50, List.of()));
    report("loaded", command, loadedBy(second, command, "metric_v2", 0, 200, List.of()));
    report(
        "extracted",
        command,
        extractedBy(second, command, SliceStatus.COMPLETED, 2, 250, null, null, null));
    Thread.sleep(500);
    // Three batches are loaded, but the completing read's second one is not: not done.
    job(jobId).body("status", equalTo("RUNNING"));

    report(
        "loaded",
        command,
        refusedBy(second, command, 1, "permission denied for schema klaviyo", Refusal.PERMANENT));
    awaitJob(jobId, "FAILED");
    job(jobId)
        .body("objects[0].status", equalTo("FAILED"))
        .body("objects[0].error", containsString("permission denied for schema klaviyo"));
    assertTrue(
        bus.messages(TestBus.RECORDS_EXCHANGE, r -> new String(r.body()).contains(jobId)).isEmpty(),
        "a failed full read owes no deletion sweep");
  }

  @Test
  void theReadThatCompletesFirstDecidesAndARefusalOfTheOtherReadChangesNothing() throws Exception {
    String jobId = runNow(createPipeline(List.of("metric_v2")));
    SyncCommand command = awaitCommand(jobId);
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    report("loaded", command, loadedBy(first, command, "metric_v2", 0, 30, List.of()));
    report(
        "extracted",
        command,
        extractedBy(first, command, SliceStatus.COMPLETED, 1, 30, null, null, null));
    awaitJob(jobId, "SUCCEEDED");

    report("loaded", command, refusedBy(second, command, 0, "late and refused", Refusal.PERMANENT));
    report(
        "extracted",
        command,
        extractedBy(second, command, SliceStatus.COMPLETED, 1, 30, null, null, null));
    Thread.sleep(500);
    job(jobId)
        .body("status", equalTo("SUCCEEDED"))
        .body("objects[0].records_extracted", equalTo(30));
  }

  @Test
  void aDestinationUnavailableBeyondTheLoadersBoundDefersTheObject() throws Exception {
    String jobId = runNow(createPipeline(List.of("metric_v2")));
    SyncCommand command = awaitCommand(jobId);
    UUID read = Reports.firstRead(command);
    report(
        "loaded",
        command,
        refusedBy(
            read,
            command,
            0,
            "The destination 127.0.0.1/klaviyo_demo was unavailable for more than 2 minutes",
            Refusal.TEMPORARY));
    awaitJob(jobId, "DEFERRED");
    job(jobId)
        .body("objects[0].status", equalTo("DEFERRED"))
        .body("objects[0].error", containsString("was unavailable for more than 2 minutes"));
  }

  @Test
  void heartbeatsKeepAReadAliveSilenceIssuesItAgainAndRunsAreBounded() throws Throwable {
    String pipelineId = createPipeline(List.of("metric_v2"));
    String jobId = runNow(pipelineId);
    SyncCommand run1 = awaitCommand(jobId);
    report("reading", run1, Reports.heartbeat(run1, UUID.randomUUID()));
    Thread.sleep(500);

    // Within the read lease (3 minutes) of the last heartbeat the slice stays with its extractor.
    TestClock.advance(Duration.ofMinutes(2));
    tick();
    TestClock.advance(Duration.ofMinutes(2));
    report("reading", run1, Reports.heartbeat(run1, UUID.randomUUID()));
    Thread.sleep(500);
    tick();
    assertTrue(
        bus.messages(
                    TestBus.COMMANDS_EXCHANGE,
                    r -> r.as(SyncCommand.class).jobId().toString().equals(jobId))
                .size()
            == 1,
        "a read with heartbeats is not issued again");

    // Silent past the read lease: issued again as the next run, saying why.
    TestClock.advance(Duration.ofMinutes(4));
    tick();
    SyncCommand run2 = awaitCommand(jobId, c -> c.attempt() == 2);
    assertEquals(run1.commandId(), run2.commandId());
    asAdmin()
        .get("/api/v1/activity-log?pipeline_id=" + pipelineId)
        .then()
        .body("detail", hasItem(containsString("its extractor stopped reporting")));

    // Commands nobody starts are issued again after the issue lease, up to five runs in all.
    for (int run = 3; run <= 5; run++) {
      TestClock.advance(Duration.ofMinutes(31));
      tick();
      int expected = run;
      awaitCommand(jobId, c -> c.attempt() == expected);
    }
    TestClock.advance(Duration.ofMinutes(31));
    tick();
    awaitJob(jobId, "FAILED");
    job(jobId)
        .body("objects[0].error", containsString("No progress in 5 runs of this slice"))
        .body("objects[0].error", containsString("no extractor started it"));
  }

  @Test
  void aReadWaitingOnABatchThatNeverLoadsIsIssuedAgain() throws Throwable {
    String pipelineId = createPipeline(List.of("metric_v2"));
    String jobId = runNow(pipelineId);
    SyncCommand run1 = awaitCommand(jobId);
    UUID read = Reports.firstRead(run1);
    report("loaded", run1, loadedBy(read, run1, "metric_v2", 0, 10, List.of()));
    report(
        "extracted", run1, extractedBy(read, run1, SliceStatus.COMPLETED, 2, 20, null, null, null));
    Thread.sleep(500);
    job(jobId).body("status", equalTo("RUNNING"));

    TestClock.advance(Duration.ofMinutes(31));
    tick();
    SyncCommand run2 = awaitCommand(jobId, c -> c.attempt() == 2);
    asAdmin()
        .get("/api/v1/activity-log?pipeline_id=" + pipelineId)
        .then()
        .body("detail", hasItem(containsString("1 of 2 batches were never reported loaded")));
    Reports.complete(bus, run2, 20);
    awaitJob(jobId, "SUCCEEDED");
  }

  @Test
  void aReadCutAtItsDurationBoundContinuesAsTheNextChunkFromItsResumePoint() throws Exception {
    String pipelineId = createPipeline(List.of("profile_v2"));
    String jobId = runNow(pipelineId);
    SyncCommand chunk1 = awaitCommand(jobId);
    ReadResume resume =
        new ReadResume(
            0,
            null,
            null,
            "http://127.0.0.1/api/profiles?page%5Bcursor%5D=abc",
            Instant.parse("2025-03-01T00:00:00Z"),
            Instant.parse("2025-03-01T00:00:00Z"),
            true);
    UUID read1 = Reports.firstRead(chunk1);
    report("loaded", chunk1, loadedBy(read1, chunk1, "profile_v2", 0, 100, List.of()));
    report(
        "extracted",
        chunk1,
        extractedBy(
            read1,
            chunk1,
            SliceStatus.PARTIAL,
            1,
            100,
            Instant.parse("2025-03-01T00:00:00Z"),
            null,
            resume));

    SyncCommand chunk2 = awaitCommand(jobId, c -> c.resume() != null);
    assertNotEquals(chunk1.commandId(), chunk2.commandId());
    assertEquals(resume, chunk2.resume());
    assertEquals(chunk1.window(), chunk2.window());
    job(jobId).body("objects[0].slices_total", equalTo(2)).body("status", equalTo("RUNNING"));

    Instant end = Instant.parse("2025-06-01T00:00:00Z");
    UUID read2 = Reports.firstRead(chunk2);
    report("loaded", chunk2, loadedBy(read2, chunk2, "profile_v2", 0, 40, List.of()));
    report(
        "extracted",
        chunk2,
        extractedBy(read2, chunk2, SliceStatus.COMPLETED, 1, 40, end, null, null));
    awaitJob(jobId, "SUCCEEDED");
    job(jobId)
        .body("objects[0].slices_done", equalTo(2))
        .body("objects[0].records_extracted", equalTo(140));
    asAdmin().get(objects(pipelineId)).then().body("[0].position", equalTo(end.toString()));
  }

  @Test
  void cancellingARunEndsItAtOnceKeepsTheCursorAndTheNextRunStartsClean() throws Exception {
    String pipelineId = createPipeline(List.of("event_v2"));
    String jobId = runNow(pipelineId);
    SyncCommand oldest =
        bus
            .awaitMessages(
                TestBus.COMMANDS_EXCHANGE,
                r -> r.as(SyncCommand.class).jobId().toString().equals(jobId),
                8)
            .stream()
            .map(r -> r.as(SyncCommand.class))
            .min(java.util.Comparator.comparing(c -> c.window().from()))
            .orElseThrow();
    Reports.complete(bus, oldest, 5);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                asAdmin()
                    .get(objects(pipelineId))
                    .then()
                    .body("[0].position", equalTo(oldest.window().to().toString())));

    asAdmin()
        .post("/api/v1/jobs/" + jobId + "/cancel")
        .then()
        .statusCode(200)
        .body("status", equalTo("CANCELLED"))
        .body("finished_at", org.hamcrest.Matchers.notNullValue())
        .body("error", equalTo("Cancelled by configured-admin-token"))
        .body("objects[0].status", equalTo("CANCELLED"));
    RunCancelled broadcast =
        bus.awaitMessages(TestBus.CONTROL_EXCHANGE, r -> new String(r.body()).contains(jobId), 1)
            .get(0)
            .as(RunCancelled.class);
    assertEquals(pipelineId, broadcast.pipelineId().toString());
    asAdmin()
        .post("/api/v1/jobs/" + jobId + "/cancel")
        .then()
        .statusCode(409)
        .body("detail", containsString("already ended CANCELLED"));

    // Work of the cancelled run that still reports changes nothing.
    SyncCommand late = awaitCommand(jobId, c -> !c.commandId().equals(oldest.commandId()));
    Reports.complete(bus, late, 9);
    Thread.sleep(500);
    job(jobId).body("status", equalTo("CANCELLED"));
    asAdmin()
        .get(objects(pipelineId))
        .then()
        .body("[0].status", equalTo("QUEUED"))
        .body("[0].position", equalTo(oldest.window().to().toString()));

    String next = runNow(pipelineId);
    assertNotEquals(jobId, next);
    SyncCommand resumed =
        bus
            .awaitMessages(
                TestBus.COMMANDS_EXCHANGE,
                r -> r.as(SyncCommand.class).jobId().toString().equals(next),
                1)
            .stream()
            .map(r -> r.as(SyncCommand.class))
            .min(java.util.Comparator.comparing(c -> c.window().from()))
            .orElseThrow();
    assertEquals(oldest.window().to(), resumed.window().from());
  }

  @Test
  void restartAndChangePositionWhileARunReadsTheObjectAreRefusedNamingTheRun() throws Exception {
    String pipelineId = createPipeline(List.of("event_v2", "metric_v2"));
    String jobId = runNow(pipelineId);
    String object = "/api/v1/pipelines/" + pipelineId + "/objects/event_v2";
    asAdmin()
        .post(object + "/restart")
        .then()
        .statusCode(409)
        .body("field", equalTo("object"))
        .body("detail", containsString("Run " + jobId + " is reading event_v2"))
        .body("detail", containsString("POST /api/v1/jobs/" + jobId + "/cancel"));
    asAdmin()
        .body(Map.of("position", "2024-01-01T00:00:00Z"))
        .put(object + "/position")
        .then()
        .statusCode(409);
    asAdmin().get(object + "/position").then().body("position", nullValue());
    // Pausing only changes the object's status, which the run's settlement keeps: allowed.
    asAdmin().post(object + "/pause").then().statusCode(200);

    asAdmin().post("/api/v1/jobs/" + jobId + "/cancel").then().statusCode(200);
    asAdmin().post(object + "/restart").then().statusCode(200).body("status", equalTo("QUEUED"));
  }
}
