package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Services stopped in the middle of a run lose nothing: killed without warning (a node failure), or
 * stopped as Kubernetes stops them (SIGTERM during a rolling update or a scale-down). The run still
 * ends SUCCEEDED and the tables hold exactly Klaviyo's rows, no more, no fewer.
 */
@ExtendWith(WholeSystem.class)
class CrashRecoveryTest {

  private static final List<String> OBJECTS = List.of("event_v2", "profile_v2", "metric_v2");

  /** Kubernetes' default terminationGracePeriodSeconds, which the manifests keep. */
  private static final Duration GRACE_PERIOD = Duration.ofSeconds(30);

  @Test
  void anExtractorAndALoaderKilledMidRunLoseNothing(RunningSystem system) throws Exception {
    Scenario scenario = new Scenario(system);
    Scenario.Run run = scenario.startBusyRun("crash", OBJECTS);

    system.crashAndRestart("extractor-service");
    system.crashAndRestart("loader-service");
    scenario.calm();

    scenario.assertSucceededExactly(run, OBJECTS);
  }

  @Test
  void aSchedulerKilledMidRunFinishesTheJob(RunningSystem system) throws Exception {
    Scenario scenario = new Scenario(system);
    Scenario.Run run = scenario.startBusyRun("crash", OBJECTS);

    system.crashAndRestart("scheduler-service");
    scenario.calm();

    scenario.assertSucceededExactly(run, OBJECTS);
  }

  @Test
  void everyServiceStoppedGracefullyMidRunExitsWithinTheGracePeriodAndLosesNothing(
      RunningSystem system) throws Exception {
    Scenario scenario = new Scenario(system);
    Scenario.Run run = scenario.startBusyRun("sigterm", OBJECTS);

    for (String module : List.of("extractor-service", "loader-service", "scheduler-service")) {
      Duration took = system.terminateAndRestart(module);
      assertTrue(
          took.compareTo(GRACE_PERIOD) < 0,
          module + " took " + took + " to stop on SIGTERM; Kubernetes kills it after 30 s");
    }
    scenario.calm();

    scenario.assertSucceededExactly(run, OBJECTS);
    // The stopped reads gave their slices back where they were, and none had to be presumed lost.
    assertFalse(
        scenario.logged(run.pipelineId(), "slice.reissued"),
        "a graceful stop hands its work on; nothing waits for a lease to run out");
  }
}
