package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.emulator.auth.ApiKey;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One broken destination never slows another. Three destinations the loader can never write (a user
 * the database does not know, a user whose grant was revoked, a database that does not exist) fail
 * their runs at once, naming the cause, while a healthy pipeline loads in about the time it takes
 * alone; once the destinations are mended, their next runs are exact.
 */
@ExtendWith(WholeSystem.class)
class BrokenDestinationTest {

  private static final List<String> OBJECTS = List.of("event_v2", "profile_v2", "metric_v2");

  @Test
  void brokenDestinationsFailTheirRunsAtOnceWhileAHealthyOneLoadsAtFullSpeed(RunningSystem system)
      throws Exception {
    Scenario scenario = new Scenario(system);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String unknownUser = "kvsync_nobody_" + suffix;
    String revokedUser = "kvsync_revoked_" + suffix;
    String missingDatabase = "kvsync_missing_" + suffix;

    String revokedSchema = "revoked_" + suffix;
    try (Connection db = system.destination();
        Statement sql = db.createStatement()) {
      sql.execute("CREATE ROLE " + revokedUser + " LOGIN");
      sql.execute("CREATE SCHEMA " + revokedSchema);
      sql.execute("GRANT USAGE ON SCHEMA " + revokedSchema + " TO " + revokedUser);
      // The grant the loader needs, given and then taken back, as an administrator might.
      sql.execute("GRANT CREATE ON SCHEMA " + revokedSchema + " TO " + revokedUser);
      sql.execute("REVOKE CREATE ON SCHEMA " + revokedSchema + " FROM " + revokedUser);
    }

    Map<String, String> brokenPipelines = new java.util.LinkedHashMap<>();
    try (Bus bus = system.bus()) {
      bus.drainDeadLetters();

      // The healthy pipeline alone: the time to beat.
      Scenario.Run alone = scenario.start("alone", OBJECTS);
      Instant aloneStart = Instant.now();
      scenario.assertSucceededExactly(alone, OBJECTS);
      Duration aloneTook = Duration.between(aloneStart, Instant.now());

      brokenPipelines.put(
          "unknown user", brokenPipeline(system, scenario, "nobody", Map.of("user", unknownUser)));
      brokenPipelines.put(
          "revoked grant",
          brokenPipeline(
              system, scenario, "revoked", Map.of("user", revokedUser, "schema", revokedSchema)));
      brokenPipelines.put(
          "missing database",
          brokenPipeline(system, scenario, "missing", Map.of("database", missingDatabase)));
      Map<String, String> brokenJobs = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, String> pipeline : brokenPipelines.entrySet()) {
        brokenJobs.put(pipeline.getKey(), scenario.runNow(pipeline.getValue()));
      }
      Scenario.Run beside = scenario.start("beside", OBJECTS);
      Instant besideStart = Instant.now();
      scenario.assertSucceededExactly(beside, OBJECTS);
      Duration besideTook = Duration.between(besideStart, Instant.now());

      assertTrue(
          besideTook.toMillis() <= aloneTook.toMillis() * 3 / 2 + 10_000,
          "beside three broken destinations the healthy pipeline took "
              + besideTook
              + ", alone "
              + aloneTook);

      Map<String, String> expectedCause =
          Map.of(
              "unknown user", "authentication",
              "revoked grant", "permission denied",
              "missing database", "does not exist");
      Set<String> brokenPipelineIds = new HashSet<>(brokenPipelines.values());
      for (Map.Entry<String, String> broken : brokenJobs.entrySet()) {
        JsonNode job = system.api().awaitJob(broken.getValue(), Duration.ofMinutes(1));
        assertEquals("FAILED", job.get("status").asText(), broken.getKey() + ": " + job);
        String cause = expectedCause.get(broken.getKey());
        for (JsonNode object : job.get("objects")) {
          assertEquals("FAILED", object.get("status").asText(), broken.getKey() + ": " + object);
          assertTrue(
              object.get("error").asText().toLowerCase().contains(cause),
              broken.getKey() + " should say '" + cause + "': " + object.get("error"));
        }
      }

      // Parked with the reason, and only the broken pipelines' batches.
      List<Bus.Copy> parked = bus.drain("loader.batches.dlq");
      assertFalse(parked.isEmpty(), "batches no destination can take are parked");
      for (Bus.Copy batch : parked) {
        // A broken pipeline's first scheduled run follows its run-now: any of its jobs may park.
        assertTrue(
            brokenPipelineIds.contains(String.valueOf(batch.headers().get("kvsync-pipeline-id"))),
            "only batches of the broken destinations are parked: " + batch.headers());
        assertTrue(batch.headers().containsKey("x-kvsync-reason"), batch.headers().toString());
      }
      for (String queue : List.of("extractor.commands.dlq", "scheduler.progress.dlq")) {
        assertEquals(0, bus.depth(queue), queue);
      }
    }

    // Mended, each broken pipeline's next run is exact.
    for (String pipelineId : brokenPipelines.values()) {
      system.api().awaitIdle(pipelineId, Duration.ofMinutes(2));
    }
    try (Connection db = system.destination();
        Statement sql = db.createStatement()) {
      sql.execute("CREATE ROLE " + unknownUser + " LOGIN SUPERUSER");
      sql.execute("GRANT CREATE ON SCHEMA " + revokedSchema + " TO " + revokedUser);
      sql.execute("CREATE DATABASE " + missingDatabase);
    }
    // The loader answers a destination that refused it from memory for its probe interval (10 s).
    Thread.sleep(11_000);
    List<String> mendedJobs = new ArrayList<>();
    for (String pipelineId : brokenPipelines.values()) {
      mendedJobs.add(scenario.runNow(pipelineId));
    }
    for (String jobId : mendedJobs) {
      scenario.awaitJob(jobId, "SUCCEEDED");
    }
    JsonNode revokedRun = system.api().awaitJob(mendedJobs.get(1), Duration.ofSeconds(1));
    scenario.assertExact(revokedSchema, OBJECTS, revokedRun);
  }

  /**
   * A pipeline into a broken destination, reading with a Klaviyo key of its own: pipelines on one
   * key share its rate budget (README), and what is measured here is the destinations' isolation.
   */
  private static String brokenPipeline(
      RunningSystem system, Scenario scenario, String label, Map<String, Object> connection)
      throws Exception {
    String suffix = UUID.randomUUID().toString().replace("-", "");
    String key = "pk_" + label + "_" + suffix;
    system.klaviyo().admin().addKey(ApiKey.withAllReadScopes(key));
    return scenario.pipeline(
        "broken " + label + " " + suffix,
        scenario.destination(label, connection),
        key,
        "P3M",
        OBJECTS);
  }
}
