package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.emulator.faults.FaultRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Services killed in the middle of a run (no shutdown, no goodbye) lose nothing: the run still ends
 * SUCCEEDED and the tables hold exactly Klaviyo's rows, no more, no fewer.
 */
@ExtendWith(WholeSystem.class)
class CrashRecoveryTest {

  private static final List<String> OBJECTS = List.of("event_v2", "profile_v2", "metric_v2");

  private RunningSystem system;

  @AfterEach
  void calmKlaviyo() {
    if (system != null) {
      system.klaviyo().admin().clearFaults();
    }
  }

  /** Starts a run of the objects whose pages Klaviyo serves slowly, so a crash finds it busy. */
  private String[] startSlowRun(RunningSystem system) throws Exception {
    this.system = system;
    system.klaviyo().admin().addFault(FaultRule.latency("/api/events", 120));
    system.klaviyo().admin().addFault(FaultRule.latency("/api/profiles", 120));
    ControlApi api = system.api();
    String schema = "crash_" + UUID.randomUUID().toString().substring(0, 8);
    String destinationId =
        api.postExpecting(
                "/api/v1/destinations", system.destinationRequest("dest " + schema, schema), 201)
            .get("id")
            .asText();
    String pipelineId =
        api.postExpecting(
                "/api/v1/pipelines",
                Map.of(
                    "name",
                    "crash " + schema,
                    "destination_id",
                    destinationId,
                    "source",
                    Map.of(
                        "type", "klaviyo_v2",
                        "private_api_key", system.klaviyo().demoKey(),
                        "historical_sync_duration", "P3M"),
                    "frequency",
                    "PT24H",
                    "objects",
                    OBJECTS),
                201)
            .get("id")
            .asText();
    String jobId =
        api.postExpecting("/api/v1/pipelines/" + pipelineId + "/run-now", null, 202)
            .get("job_id")
            .asText();
    return new String[] {schema, jobId};
  }

  /** Waits until some events are loaded but the job is far from done. */
  private static void awaitLoadingUnderway(ControlApi api, String jobId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      JsonNode job = api.get("/api/v1/jobs/" + jobId).body();
      for (JsonNode object : job.path("objects")) {
        if (object.path("object").asText().equals("event_v2")
            && object.path("rows_loaded").asLong() > 0) {
          assertEquals("RUNNING", job.path("status").asText(), "the run ended before the crash");
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no event was loaded within 2 minutes");
  }

  private void assertCompleteAndExact(String schema, String jobId) throws Exception {
    JsonNode job = system.api().awaitJob(jobId, Duration.ofMinutes(6));
    assertEquals("SUCCEEDED", job.get("status").asText(), job.toPrettyString());
    Instant syncStart = Instant.parse(job.get("started_at").asText());
    for (String table : OBJECTS) {
      DestinationTable.assertMatchesKlaviyo(system, schema, table, syncStart);
    }
  }

  @Test
  void anExtractorAndALoaderKilledMidRunLoseNothing(RunningSystem system) throws Exception {
    String[] run = startSlowRun(system);
    awaitLoadingUnderway(system.api(), run[1]);

    system.crashAndRestart("extractor-service");
    system.crashAndRestart("loader-service");
    system.klaviyo().admin().clearFaults();

    assertCompleteAndExact(run[0], run[1]);
  }

  @Test
  void aSchedulerKilledMidRunFinishesTheJob(RunningSystem system) throws Exception {
    String[] run = startSlowRun(system);
    awaitLoadingUnderway(system.api(), run[1]);

    system.crashAndRestart("scheduler-service");
    system.klaviyo().admin().clearFaults();

    assertCompleteAndExact(run[0], run[1]);
  }
}
