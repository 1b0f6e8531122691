package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A replayed record is written as the version it was read as: a metric fails to load (too large for
 * the loader of the day), its full run still sweeps and keeps it, a later run loads a newer version
 * of it, and replaying the stale failed record leaves the newer row in place.
 */
@ExtendWith(WholeSystem.class)
class ReplayOrderTest {

  private static final List<String> OBJECTS = List.of("metric_v2");
  private static final String LOADER = "loader-service";

  @Test
  void replayingAStaleFailedRecordNeverOverwritesTheNewerRow(RunningSystem system)
      throws Exception {
    Scenario scenario = new Scenario(system);
    ControlApi api = system.api();
    var klaviyo = system.klaviyo().admin();
    String metricId = klaviyo.truth("metric_v2").get(0).get("id").toString();
    Scenario.Run run = scenario.start("replay", OBJECTS);
    scenario.assertSucceededExactly(run, OBJECTS);
    api.awaitIdle(run.pipelineId(), Duration.ofMinutes(2));

    // A loader that takes no record over 1,500 bytes, and a version of the metric above that.
    String staleName = "stale " + "x".repeat(2_000);
    klaviyo.renameMetric(metricId, staleName);
    try {
      system.reconfigure(LOADER, Map.of("KVSYNC_LOAD_MAX_RECORD_BYTES", "1500"));
      api.awaitIdle(run.pipelineId(), Duration.ofMinutes(2));
      String failing = scenario.runNow(run.pipelineId());
      JsonNode failed = scenario.awaitJob(failing, "SUCCEEDED");
      assertEquals(1, failed.at("/objects/0/records_failed").asInt(), failed.toPrettyString());
      assertEquals(
          Map.of("metric_v2", 0L),
          scenario.awaitSweeps(failing),
          "the run sweeps despite its failed record, and keeps that record's row");
    } finally {
      system.reconfigure(LOADER, Map.of());
    }
    assertTrue(isLive(system, run, metricId), "the failed record's row is not marked deleted");

    klaviyo.renameMetric(metricId, "fresh");
    api.awaitIdle(run.pipelineId(), Duration.ofMinutes(2));
    scenario.assertExact(
        run.schema(), OBJECTS, scenario.awaitJob(scenario.runNow(run.pipelineId()), "SUCCEEDED"));
    Instant freshReadAt = ingestedAt(system, run, metricId);
    api.awaitIdle(run.pipelineId(), Duration.ofMinutes(2));

    JsonNode answer =
        api.postExpecting(
            "/api/v1/pipelines/" + run.pipelineId() + "/failed-records/replay", Map.of(), 202);
    assertEquals(1, answer.get("replayed").asInt(), answer.toPrettyString());
    JsonNode replay = scenario.awaitJob(answer.get("job_id").asText(), "SUCCEEDED");
    assertEquals("REPLAY", replay.get("trigger").asText());

    assertEquals("fresh", nameOf(system, run, metricId), "the newer row stays");
    assertEquals(freshReadAt, ingestedAt(system, run, metricId));
    scenario.assertExact(run.schema(), OBJECTS, replay);
  }

  private static String nameOf(RunningSystem system, Scenario.Run run, String id) throws Exception {
    return column(system, run, id, "name").toString();
  }

  private static Instant ingestedAt(RunningSystem system, Scenario.Run run, String id)
      throws Exception {
    return ((java.sql.Timestamp) column(system, run, id, "__ingested_at")).toInstant();
  }

  private static boolean isLive(RunningSystem system, Scenario.Run run, String id)
      throws Exception {
    return !Boolean.TRUE.equals(column(system, run, id, "__marked_deleted"));
  }

  private static Object column(RunningSystem system, Scenario.Run run, String id, String column)
      throws Exception {
    try (Connection db = system.destination();
        PreparedStatement sql =
            db.prepareStatement(
                "SELECT \"" + column + "\" FROM \"" + run.schema() + "\".metric_v2 WHERE id = ?")) {
      sql.setString(1, id);
      try (ResultSet rows = sql.executeQuery()) {
        if (!rows.next()) {
          throw new AssertionError("no row " + id + " in " + run.schema() + ".metric_v2");
        }
        return rows.getObject(1);
      }
    }
  }
}
