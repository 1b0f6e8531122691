package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What users do to runs, and what one broken pipeline does to the others: changes made while a run
 * reads an object are refused naming the run, a cancelled run ends at once and the next one is
 * exact, and a pipeline whose run cannot even be planned never holds up another's schedule.
 */
@ExtendWith(WholeSystem.class)
class RunControlTest {

  private static final List<String> OBJECTS = List.of("event_v2", "profile_v2", "metric_v2");

  /** The advisory lock whose holder decides a scheduling tick ("kvsync" in ASCII). */
  private static final long SCHEDULER_LOCK_KEY = 0x6b7673796e63L;

  @Test
  void changesDuringARunAreRefusedACancelEndsItAtOnceAndTheNextRunIsExact(RunningSystem system)
      throws Exception {
    Scenario scenario = new Scenario(system);
    Scenario.Run run = scenario.startBusyRun("cancel", OBJECTS);
    ControlApi api = system.api();
    String events = "/api/v1/pipelines/" + run.pipelineId() + "/objects/event_v2";

    ControlApi.Answer restart = api.post(events + "/restart", null);
    assertEquals(409, restart.status(), String.valueOf(restart.body()));
    assertTrue(
        restart.body().get("detail").asText().contains(run.jobId()), restart.body().toString());
    ControlApi.Answer reposition =
        api.put(events + "/position", Map.of("position", "2024-01-01T00:00:00Z"));
    assertEquals(409, reposition.status(), String.valueOf(reposition.body()));

    Instant cancelled = Instant.now();
    JsonNode job = api.postExpecting("/api/v1/jobs/" + run.jobId() + "/cancel", null, 200);
    assertEquals("CANCELLED", job.get("status").asText());
    JsonNode settled = api.awaitJob(run.jobId(), Duration.ofSeconds(10));
    assertEquals("CANCELLED", settled.get("status").asText());
    assertTrue(Duration.between(cancelled, Instant.now()).toSeconds() < 10);
    // Its reads stop and its remaining batches are dropped: nothing of it reports any more.
    Thread.sleep(3000);
    assertEquals("CANCELLED", api.get("/api/v1/jobs/" + run.jobId()).body().get("status").asText());

    // With the run-now cancelled, the pipeline's first scheduled run (it follows creation) starts:
    // once it has ended, a restart is taken at once.
    scenario.calm();
    api.awaitIdle(run.pipelineId(), Duration.ofMinutes(2));
    assertEquals(200, api.post(events + "/restart", null).status());
    scenario.assertNextRunExact(run, OBJECTS);
  }

  @Test
  void aPipelineWhoseRunCannotBePlannedNeverHoldsUpAnotherOnesSchedule(RunningSystem system)
      throws Exception {
    Scenario scenario = new Scenario(system);
    ControlApi api = system.api();
    String broken;
    String healthyDestination;
    String healthy;
    // Holding the scheduler's advisory lock keeps every tick a follower until both pipelines exist
    // and the broken one is corrupted: otherwise a tick between its creation and the corruption
    // would plan its first run from the row as it was created.
    try (Connection control = system.controlDatabase();
        PreparedStatement hold = control.prepareStatement("SELECT pg_advisory_lock(?)");
        PreparedStatement release = control.prepareStatement("SELECT pg_advisory_unlock(?)");
        PreparedStatement corrupt =
            control.prepareStatement(
                "UPDATE pipelines SET frequency = 'now and then' WHERE id = ?")) {
      hold.setLong(1, SCHEDULER_LOCK_KEY);
      hold.execute();
      // Both are due at once: a pipeline's first scheduled run follows its creation.
      broken = scenario.pipeline(scenario.destination("broken"), List.of("metric_v2"));
      healthyDestination = scenario.destination("healthy");
      healthy = scenario.pipeline(healthyDestination, List.of("metric_v2"));
      // A row an older version wrote, which no request can write any more.
      corrupt.setObject(1, UUID.fromString(broken));
      assertEquals(1, corrupt.executeUpdate());
      release.setLong(1, SCHEDULER_LOCK_KEY);
      release.execute();
    }

    JsonNode healthyJob = awaitFirstJob(api, healthy);
    assertEquals("SCHEDULE", healthyJob.get("trigger").asText());
    JsonNode healthyRun = scenario.awaitJob(healthyJob.get("id").asText(), "SUCCEEDED");
    scenario.assertExact(scenario.schemaOf(healthyDestination), List.of("metric_v2"), healthyRun);

    JsonNode brokenJob = awaitFirstJob(api, broken);
    assertEquals("FAILED", brokenJob.get("status").asText());
    assertTrue(
        brokenJob.get("error").asText().startsWith("The run could not be planned"),
        brokenJob.toString());
    assertTrue(scenario.logged(broken, "job.planning_failed"));
  }

  private static JsonNode awaitFirstJob(ControlApi api, String pipelineId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      JsonNode jobs = api.get("/api/v1/pipelines/" + pipelineId + "/jobs").body();
      if (jobs.isArray() && !jobs.isEmpty()) {
        return jobs.get(jobs.size() - 1);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("pipeline " + pipelineId + " got no job within 30 s");
  }
}
