package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.emulator.faults.FaultRule;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What every fault scenario does around its fault: a pipeline of a few objects into a fresh schema,
 * a run Klaviyo serves slowly so the fault finds it busy, and the proof afterwards that the tables
 * hold exactly Klaviyo's rows and the dead-letter queues only what the scenario expects.
 */
final class Scenario {

  static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);

  /** A pipeline of the scenario and the run it started. */
  record Run(String schema, String destinationId, String pipelineId, String jobId) {}

  private final RunningSystem system;
  private final ControlApi api;

  Scenario(RunningSystem system) {
    this.system = system;
    this.api = system.api();
  }

  /** Klaviyo answers these paths slowly from now on (until {@link #calm()}). */
  Scenario slow(int latencyMillis, String... paths) {
    for (String path : paths) {
      system.klaviyo().admin().addFault(FaultRule.latency(path, latencyMillis));
    }
    return this;
  }

  void calm() {
    system.klaviyo().admin().clearFaults();
  }

  /** A destination on a fresh schema of the destination database. */
  String destination(String label) throws Exception {
    return destination(label, Map.of());
  }

  /** A destination on a fresh schema, with some of its connection settings replaced. */
  String destination(String label, Map<String, Object> overrides) throws Exception {
    String schema = label + "_" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new HashMap<>(system.destinationRequest("dest " + schema, schema));
    body.putAll(overrides);
    return api.postExpecting("/api/v1/destinations", body, 201).get("id").asText();
  }

  String schemaOf(String destinationId) throws Exception {
    return api.get("/api/v1/destinations/" + destinationId).body().get("schema").asText();
  }

  /** A pipeline (scheduled once a day, so only the test's runs happen) into a destination. */
  String pipeline(String destinationId, List<String> objects) throws Exception {
    return pipeline(destinationId, objects, "P3M");
  }

  /** The same with its own historical sync duration. */
  String pipeline(String destinationId, List<String> objects, String history) throws Exception {
    return pipeline(
        "fault " + UUID.randomUUID(), destinationId, system.klaviyo().demoKey(), history, objects);
  }

  /** A destination on {@code schema} of the destination database. */
  String destinationOn(String schema) throws Exception {
    return api.postExpecting(
            "/api/v1/destinations", system.destinationRequest("dest " + schema, schema), 201)
        .get("id")
        .asText();
  }

  /**
   * A pipeline reading Klaviyo with {@code key} into a destination, scheduled once a day so only
   * the test's runs happen; with no {@code objects} it reads every object.
   */
  String pipeline(
      String name, String destinationId, String key, String history, List<String> objects)
      throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("destination_id", destinationId);
    body.put(
        "source",
        Map.of("type", "klaviyo_v2", "private_api_key", key, "historical_sync_duration", history));
    body.put("frequency", "PT24H");
    if (!objects.isEmpty()) {
      body.put("objects", objects);
    }
    return api.postExpecting("/api/v1/pipelines", body, 201).get("id").asText();
  }

  String runNow(String pipelineId) throws Exception {
    JsonNode launched =
        api.postExpecting("/api/v1/pipelines/" + pipelineId + "/run-now", null, 202);
    return launched.get("job_id").asText();
  }

  /** A new pipeline of {@code objects} into a fresh schema, and its first run started. */
  Run start(String label, List<String> objects) throws Exception {
    String destinationId = destination(label);
    String pipelineId = pipeline(destinationId, objects);
    return new Run(schemaOf(destinationId), destinationId, pipelineId, runNow(pipelineId));
  }

  /**
   * A run of {@code objects} whose events and profiles Klaviyo serves slowly, once its events are
   * loading: a fault injected now finds it busy.
   */
  Run startBusyRun(String label, List<String> objects) throws Exception {
    slow(120, "/api/events", "/api/profiles");
    Run run = start(label, objects);
    awaitLoadingUnderway(run.jobId(), "event_v2");
    return run;
  }

  /** Waits until some rows of {@code object} are loaded while the run is still going. */
  void awaitLoadingUnderway(String jobId, String object) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      JsonNode job = api.get("/api/v1/jobs/" + jobId).body();
      for (JsonNode o : job.path("objects")) {
        if (o.path("object").asText().equals(object) && o.path("rows_loaded").asLong() > 0) {
          assertEquals("RUNNING", job.path("status").asText(), "the run ended before the fault");
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no row of " + object + " was loaded within 2 minutes");
  }

  /** Waits for the job to end and insists on its status. */
  JsonNode awaitJob(String jobId, String status) throws Exception {
    return awaitJob(jobId, status, JOB_TIMEOUT);
  }

  /** The same, waiting up to {@code timeout}. */
  JsonNode awaitJob(String jobId, String status, Duration timeout) throws Exception {
    JsonNode job = api.awaitJob(jobId, timeout);
    assertEquals(status, job.get("status").asText(), job.toPrettyString());
    return job;
  }

  /** Waits for the job to succeed; returns when it started. */
  Instant awaitSuccess(String jobId, Duration timeout) throws Exception {
    return Instant.parse(awaitJob(jobId, "SUCCEEDED", timeout).get("started_at").asText());
  }

  /**
   * Runs the pipeline now, insists that the run succeeds and waits until the pipeline is idle
   * again; returns when the run started.
   */
  Instant runToSuccess(String pipelineId, Duration timeout) throws Exception {
    Instant started = awaitSuccess(runNow(pipelineId), timeout);
    api.awaitIdle(pipelineId, timeout);
    return started;
  }

  /** Every table of the run holds exactly Klaviyo's rows. */
  void assertExact(String schema, List<String> objects, JsonNode job) throws Exception {
    Instant syncStart = Instant.parse(job.get("started_at").asText());
    for (String table : objects) {
      DestinationTable.assertMatchesKlaviyo(system, schema, table, syncStart);
    }
  }

  /** The run ends SUCCEEDED and its tables are exact. */
  void assertSucceededExactly(Run run, List<String> objects) throws Exception {
    assertExact(run.schema(), objects, awaitJob(run.jobId(), "SUCCEEDED"));
  }

  /** A further run of the pipeline succeeds and leaves every table exact. */
  void assertNextRunExact(Run run, List<String> objects) throws Exception {
    api.awaitIdle(run.pipelineId(), Duration.ofMinutes(2));
    String next = runNow(run.pipelineId());
    assertExact(run.schema(), objects, awaitJob(next, "SUCCEEDED"));
  }

  /** The activity log of the pipeline, newest first. */
  JsonNode activity(String pipelineId) throws Exception {
    return api.get("/api/v1/activity-log?limit=500&pipeline_id=" + pipelineId).body();
  }

  /** Whether some entry of the pipeline's activity log has this action. */
  boolean logged(String pipelineId, String action) throws Exception {
    for (JsonNode entry : activity(pipelineId)) {
      if (entry.path("action").asText().equals(action)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Waits for the deletion sweeps of a job's full reads to be done and returns the rows they marked
   * deleted, by object.
   */
  Map<String, Long> awaitSweeps(String jobId) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      Map<String, Long> marked = new HashMap<>();
      boolean pending = false;
      try (java.sql.Connection db = system.controlDatabase();
          java.sql.PreparedStatement sql =
              db.prepareStatement(
                  "SELECT object, state, rows_marked_deleted FROM deletion_sweeps"
                      + " WHERE job_id = ?::uuid")) {
        sql.setString(1, jobId);
        try (java.sql.ResultSet rows = sql.executeQuery()) {
          while (rows.next()) {
            pending |= !rows.getString(2).equals("DONE");
            marked.put(rows.getString(1), rows.getLong(3));
          }
        }
      }
      if (!pending && !marked.isEmpty()) {
        return marked;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("the deletion sweeps of job " + jobId + " were not done in 2 minutes");
  }
}
