package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.common.testing.ExternalServices;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A read longer than the broker's consumer timeout: the broker would take the command back from the
 * extractor still reading it. Reads stop at their duration bound and continue as chunks, so no
 * command stays unacknowledged that long, none is delivered twice, and the table is exact.
 */
@ExtendWith(WholeSystem.class)
class LongReadTest {

  private static final List<String> PROFILES = List.of("profile_v2");
  private static final long CONSUMER_TIMEOUT_MS = 15_000;
  private static final long DEPLOYED_CONSUMER_TIMEOUT_MS = 1_800_000;

  @Test
  void aReadLongerThanTheConsumerTimeoutContinuesInChunksAndIsReadOnce(RunningSystem system)
      throws Exception {
    Scenario scenario = new Scenario(system).slow(5000, "/api/profiles");
    setConsumerTimeout(CONSUMER_TIMEOUT_MS);
    // Channels take the timeout when they open: a new extractor, with reads bounded to 5 s.
    system.reconfigure("extractor-service", Map.of("KVSYNC_EXTRACTION_MAX_READ_DURATION", "PT5S"));
    try (Bus bus = system.bus();
        Bus.Tap batches = bus.tap("records", "load")) {
      bus.drainDeadLetters();
      Scenario.Run run = scenario.start("longread", PROFILES);
      JsonNode job = scenario.awaitJob(run.jobId(), "SUCCEEDED");
      scenario.assertExact(run.schema(), PROFILES, job);

      JsonNode profiles = job.get("objects").get(0);
      assertTrue(
          profiles.get("slices_total").asInt() > 3,
          "a read of several times the bound came in chunks: " + profiles);
      Map<String, Set<String>> readsPerRun = new HashMap<>();
      for (Bus.Copy batch : batches.copies(b -> run.jobId().equals(header(b, "kvsync-job-id")))) {
        readsPerRun
            .computeIfAbsent(
                header(batch, "kvsync-command-id") + "/" + header(batch, "kvsync-attempt"),
                run1 -> new HashSet<>())
            .add(header(batch, "kvsync-read-id"));
      }
      readsPerRun.forEach(
          (commandRun, reads) ->
              assertEquals(1, reads.size(), commandRun + " was delivered more than once"));
      InfrastructureFaultsTest.assertNoDeadLetters(bus);
    } finally {
      scenario.calm();
      setConsumerTimeout(DEPLOYED_CONSUMER_TIMEOUT_MS);
      system.reconfigure("extractor-service", Map.of());
    }
  }

  private static String header(Bus.Copy copy, String name) {
    return String.valueOf(copy.headers().get(name));
  }

  /** The broker-wide consumer timeout (RabbitMQ before 3.12 has no per-queue one). */
  private static void setConsumerTimeout(long millis) {
    ExternalServices.rabbitmqctl(
        "eval", "application:set_env(rabbit, consumer_timeout, " + millis + ").");
  }
}
