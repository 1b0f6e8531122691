package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deletion sweeps go by the run that saw a row, never by clocks: full runs read by an extractor
 * whose clock runs 10 minutes ahead, then one on time, then one 10 minutes behind mark nothing
 * deleted, and a metric really deleted in Klaviyo is still marked deleted by the next run.
 */
@ExtendWith(WholeSystem.class)
class ClockSkewTest {

  private static final List<String> OBJECTS = List.of("metric_v2");
  private static final String EXTRACTOR = "extractor-service";

  @Test
  void extractorClocksAheadOrBehindCauseNoFalseDeletionsAndRealDeletionsAreStillMarked(
      RunningSystem system) throws Exception {
    Scenario scenario = new Scenario(system);
    try {
      system.reconfigure(EXTRACTOR, Map.of("KVSYNC_TESTING_CLOCK_OFFSET", "PT10M"));
      Scenario.Run run = scenario.start("skew", OBJECTS);
      scenario.assertSucceededExactly(run, OBJECTS);
      assertEquals(Map.of("metric_v2", 0L), scenario.awaitSweeps(run.jobId()), "ahead");

      // On time: every row read now looks older than the one stored by the run ahead.
      system.reconfigure(EXTRACTOR, Map.of());
      assertNoDeletions(scenario, system, run, "on time after a run ahead");

      system.reconfigure(EXTRACTOR, Map.of("KVSYNC_TESTING_CLOCK_OFFSET", "-PT10M"));
      assertNoDeletions(scenario, system, run, "behind");

      String deleted = system.klaviyo().admin().truth("metric_v2").get(0).get("id").toString();
      system.klaviyo().admin().deleteMetric(deleted);
      system.reconfigure(EXTRACTOR, Map.of("KVSYNC_TESTING_CLOCK_OFFSET", "PT10M"));
      system.api().awaitIdle(run.pipelineId(), Duration.ofMinutes(2));
      String afterDeletion = scenario.runNow(run.pipelineId());
      scenario.assertExact(run.schema(), OBJECTS, scenario.awaitJob(afterDeletion, "SUCCEEDED"));
      assertEquals(Map.of("metric_v2", 1L), scenario.awaitSweeps(afterDeletion));
      assertEquals(Set.of(List.of(deleted)), deletedKeys(system, run));
    } finally {
      system.reconfigure(EXTRACTOR, Map.of());
    }
  }

  private static void assertNoDeletions(
      Scenario scenario, RunningSystem system, Scenario.Run run, String clock) throws Exception {
    system.api().awaitIdle(run.pipelineId(), Duration.ofMinutes(2));
    String jobId = scenario.runNow(run.pipelineId());
    scenario.assertExact(run.schema(), OBJECTS, scenario.awaitJob(jobId, "SUCCEEDED"));
    assertEquals(Map.of("metric_v2", 0L), scenario.awaitSweeps(jobId), clock);
    assertEquals(Set.of(), deletedKeys(system, run), clock);
  }

  private static Set<List<String>> deletedKeys(RunningSystem system, Scenario.Run run)
      throws Exception {
    try (Connection db = system.destination()) {
      return DestinationTable.deletedKeys(db, run.schema(), "metric_v2", List.of("id"));
    }
  }
}
