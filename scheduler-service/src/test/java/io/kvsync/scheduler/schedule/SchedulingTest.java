package io.kvsync.scheduler.schedule;

import static io.kvsync.scheduler.support.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlDatabase;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.kvsync.scheduler.support.Reports;
import io.kvsync.scheduler.support.TestBus;
import io.kvsync.scheduler.support.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class SchedulingTest {

  static TestBus bus;

  @Inject SchedulingTick tick;

  @BeforeAll
  static void connect() throws Exception {
    bus = new TestBus();
  }

  @AfterAll
  static void disconnect() throws Exception {
    bus.close();
  }

  /** Each test sees only its own pipeline when it ticks. */
  @BeforeEach
  void cleanSlate() throws Exception {
    ControlDatabase.clear();
  }

  private SchedulingTick.Decisions tick() throws Throwable {
    return VertxContextSupport.subscribeAndAwait(() -> tick.tick());
  }

  private static JsonPath pipeline(String id) {
    return asAdmin().get("/api/v1/pipelines/" + id).then().statusCode(200).extract().jsonPath();
  }

  private static List<Map<String, Object>> jobs(String pipelineId) {
    return asAdmin()
        .get("/api/v1/pipelines/" + pipelineId + "/jobs")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static void finishRun(String jobId) throws Exception {
    SyncCommand command =
        bus.awaitMessages(
                TestBus.COMMANDS_EXCHANGE,
                r -> r.as(SyncCommand.class).jobId().toString().equals(jobId),
                1)
            .get(0)
            .as(SyncCommand.class);
    Reports.complete(bus, command, 4);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> Api.job(jobId).body("status", equalTo("SUCCEEDED")));
  }

  private static String onlyJob(String pipelineId, int expectedCount) {
    List<Map<String, Object>> jobs = jobs(pipelineId);
    assertEquals(expectedCount, jobs.size(), jobs.toString());
    return jobs.isEmpty() ? null : (String) jobs.get(0).get("id");
  }

  @Test
  void theFirstRunFollowsCreationAndTheNextComesOneIntervalLater() throws Throwable {
    String id = Api.createPipeline(List.of("metric_v2"));
    Instant created = Instant.parse(pipeline(id).getString("created_at"));
    assertEquals(created, Instant.parse(pipeline(id).getString("next_run_at")));

    tick();
    String first = onlyJob(id, 1);
    Api.job(first).body("trigger", equalTo("SCHEDULE"));
    assertEquals(
        created.plus(Duration.ofHours(6)), Instant.parse(pipeline(id).getString("next_run_at")));

    tick();
    onlyJob(id, 1);
    finishRun(first);

    TestClock.advance(Duration.ofHours(6).plusMinutes(1));
    tick();
    String second = onlyJob(id, 2);
    Api.job(second).body("trigger", equalTo("SCHEDULE"));
    assertEquals(
        created.plus(Duration.ofHours(12)), Instant.parse(pipeline(id).getString("next_run_at")));
  }

  @Test
  void runNowWhileARunIsActiveReturnsThatRunAndNeverShiftsTheSchedule() throws Throwable {
    String id = Api.createPipeline(List.of("metric_v2"));
    tick();
    String scheduled = onlyJob(id, 1);
    String nextRun = pipeline(id).getString("next_run_at");

    asAdmin()
        .post("/api/v1/pipelines/" + id + "/run-now")
        .then()
        .statusCode(202)
        .body("job_id", equalTo(scheduled))
        .body("created", equalTo(false));
    onlyJob(id, 1);
    assertEquals(nextRun, pipeline(id).getString("next_run_at"));

    finishRun(scheduled);
    String manual = Api.runNow(id);
    Api.job(manual).body("trigger", equalTo("RUN_NOW"));
    assertEquals(nextRun, pipeline(id).getString("next_run_at"));
  }

  @Test
  void aFrequencyChangeRunsAtOnceAndThenEveryNewInterval() throws Throwable {
    String id = Api.createPipeline(List.of("metric_v2"));
    tick();
    finishRun(onlyJob(id, 1));

    asAdmin()
        .body(Map.of("frequency", "PT1H"))
        .patch("/api/v1/pipelines/" + id)
        .then()
        .statusCode(200)
        .body("frequency", equalTo("PT1H"));
    Instant due = Instant.parse(pipeline(id).getString("next_run_at"));
    tick();
    onlyJob(id, 2);
    assertEquals(
        due.plus(Duration.ofHours(1)), Instant.parse(pipeline(id).getString("next_run_at")));
  }

  @Test
  void aPausedPipelineWaitsUntilResumed() throws Throwable {
    String id = Api.createPipeline(List.of("metric_v2"));
    asAdmin()
        .post("/api/v1/pipelines/" + id + "/pause")
        .then()
        .statusCode(200)
        .body("status", equalTo("PAUSED"));
    tick();
    onlyJob(id, 0);
    asAdmin()
        .post("/api/v1/pipelines/" + id + "/resume")
        .then()
        .statusCode(200)
        .body("status", equalTo("ACTIVE"));
    tick();
    onlyJob(id, 1);
  }

  @Test
  void skippedAndPausedObjectsStayOutOfRunsUntilIncludedOrResumed() throws Throwable {
    String id = Api.createPipeline(List.of("metric_v2"));
    String objects = "/api/v1/pipelines/" + id + "/objects/metric_v2/";
    asAdmin().post(objects + "skip").then().statusCode(200).body("status", equalTo("SKIPPED"));
    tick();
    String skippedRun = onlyJob(id, 1);
    Api.job(skippedRun).body("status", equalTo("SUCCEEDED")).body("objects.size()", equalTo(0));

    asAdmin().post(objects + "include").then().statusCode(200).body("status", equalTo("QUEUED"));
    asAdmin().post(objects + "pause").then().statusCode(200).body("status", equalTo("PAUSED"));
    Api.job(Api.runNow(id)).body("objects.size()", equalTo(0));

    asAdmin().post(objects + "resume").then().statusCode(200).body("status", equalTo("QUEUED"));
    String withObject = Api.runNow(id);
    Api.job(withObject).body("objects[0].object", equalTo("metric_v2"));
    finishRun(withObject);
    asAdmin()
        .get("/api/v1/pipelines/" + id + "/objects")
        .then()
        .statusCode(200)
        .body("[0].object", equalTo("metric_v2"))
        .body("[0].mode", equalTo("FULL_LOAD"))
        .body("[0].status", equalTo("ACTIVE"))
        .body("[0].historical_progress_pct", equalTo(100.0f))
        .body("[0].rows_loaded_total", equalTo(4));
  }

  @Test
  void restartQueuesANewFirstLoadOfTheObjectAtOnce() throws Throwable {
    String id = Api.createPipeline(List.of("metric_v2"));
    tick();
    finishRun(onlyJob(id, 1));

    asAdmin()
        .post("/api/v1/pipelines/" + id + "/objects/metric_v2/restart")
        .then()
        .statusCode(200)
        .body("status", equalTo("QUEUED"))
        .body("historical_progress_pct", equalTo(0.0f));
    List<Map<String, Object>> jobs = jobs(id);
    assertEquals(2, jobs.size());
    assertEquals("OBJECT_REQUEST", jobs.get(0).get("trigger"));
    asAdmin()
        .get("/api/v1/pipelines/" + id + "/objects")
        .then()
        .body("[0].status", equalTo("HISTORICAL_LOAD"));
  }

  @Test
  void changePositionAppliesOnlyToTheDocumentedObjectsAndQueuesTheObjectAtOnce() throws Throwable {
    List<String> documented = List.of("event_v2", "flow_v2", "profile_v2", "list_v2", "segment_v2");
    List<String> repositionable =
        ObjectCatalogue.all().stream()
            .filter(d -> !d.plan().isDerived())
            .map(d -> d.table())
            .filter(documented::contains)
            .toList();
    String target = repositionable.isEmpty() ? "event_v2" : repositionable.get(0);
    String id = Api.createPipeline(List.of(repositionable.isEmpty() ? "metric_v2" : target));
    asAdmin()
        .body(Map.of("position", "2024-01-01T00:00:00Z"))
        .put("/api/v1/pipelines/" + id + "/objects/metric_v2/position")
        .then()
        .statusCode(422)
        .body("field", equalTo("object"))
        .body(
            "detail",
            equalTo(
                "Change Position applies only to [event_v2, flow_v2, list_v2, profile_v2,"
                    + " segment_v2]; metric_v2 is not one of them"));

    String path = "/api/v1/pipelines/" + id + "/objects/" + target + "/position";
    asAdmin()
        .body(Map.of("position", "January 2024"))
        .put(path)
        .then()
        .statusCode(422)
        .body("field", equalTo("position"))
        .body(
            "detail",
            equalTo(
                "position must be an ISO-8601 date-time with an offset, e.g."
                    + " 2024-01-01T00:00:00Z; got January 2024"));
    asAdmin()
        .body(Map.of("position", Instant.now().plus(Duration.ofDays(30)).toString()))
        .put(path)
        .then()
        .statusCode(422)
        .body("detail", equalTo("position must not be in the future"));
    if (repositionable.isEmpty()) {
      asAdmin()
          .body(Map.of("position", "2024-01-01T00:00:00Z"))
          .put(path)
          .then()
          .statusCode(404)
          .body("detail", equalTo("Pipeline " + id + " does not replicate event_v2"));
      return;
    }
    asAdmin()
        .body(Map.of("position", "2024-01-01T00:00:00Z"))
        .put(path)
        .then()
        .statusCode(200)
        .body("position", equalTo("2024-01-01T00:00:00Z"));
    asAdmin().get(path).then().statusCode(200).body("position", equalTo("2024-01-01T00:00:00Z"));
    List<Map<String, Object>> jobs = jobs(id);
    assertEquals(1, jobs.size());
    assertEquals("OBJECT_REQUEST", jobs.get(0).get("trigger"));
  }

  @Test
  void aPipelineWhosePlanningFailsGetsAFailedJobWhileTheOthersKeepTheirSchedule() throws Throwable {
    String broken = Api.createPipeline(List.of("metric_v2"));
    String healthy = Api.createPipeline(List.of("metric_v2"));
    // A row no request could write any more (the API refuses it), as an older version left it.
    ControlDatabase.execute(
        "UPDATE pipelines SET frequency = 'every now and then' WHERE id = '" + broken + "'");

    tick();

    String healthyJob = onlyJob(healthy, 1);
    Api.job(healthyJob).body("trigger", equalTo("SCHEDULE")).body("status", equalTo("RUNNING"));
    String failedJob = onlyJob(broken, 1);
    Api.job(failedJob)
        .body("status", equalTo("FAILED"))
        .body("error", org.hamcrest.Matchers.startsWith("The run could not be planned: "));
    Instant retry = Instant.parse(pipeline(broken).getString("next_run_at"));
    assertTrue(retry.isAfter(Instant.now().plus(Duration.ofHours(23))), "not retried every tick");
    asAdmin()
        .get("/api/v1/activity-log?pipeline_id=" + broken)
        .then()
        .body("action", hasItem("job.planning_failed"))
        .body("severity", hasItem("ERROR"));

    // The next tick neither retries the broken pipeline nor holds up the healthy one.
    finishRun(healthyJob);
    TestClock.advance(Duration.ofHours(6).plusMinutes(1));
    tick();
    onlyJob(broken, 1);
    onlyJob(healthy, 2);
  }

  @Test
  void twoReplicasTickingAtOnceStartTheRunOnce() throws Throwable {
    String id = Api.createPipeline(List.of("metric_v2"));
    List<CompletableFuture<SchedulingTick.Decisions>> ticks = new ArrayList<>();
    for (int replica = 0; replica < 2; replica++) {
      ticks.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return tick();
                } catch (Throwable e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    long leaders = 0;
    for (CompletableFuture<SchedulingTick.Decisions> t : ticks) {
      leaders += t.get().leader() ? 1 : 0;
    }
    assertTrue(leaders >= 1);
    onlyJob(id, 1);
  }

  @Test
  void everyDecisionIsInTheActivityLog() throws Throwable {
    String id = Api.createPipeline(List.of("metric_v2"));
    asAdmin().post("/api/v1/pipelines/" + id + "/pause").then().statusCode(200);
    asAdmin()
        .get("/api/v1/activity-log?pipeline_id=" + id)
        .then()
        .statusCode(200)
        .body("action", hasItem("pipeline.created"))
        .body("action", hasItem("pipeline.paused"))
        .body("actor", hasItem("configured-admin-token"));
    assertFalse(
        asAdmin().get("/api/v1/activity-log").asString().contains(Api.API_KEY),
        "the key is only ever shown masked");
  }
}
