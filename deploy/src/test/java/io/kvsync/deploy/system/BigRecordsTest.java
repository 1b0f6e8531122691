package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.common.bus.BusLimits;
import io.kvsync.common.testing.ExternalServices;
import io.kvsync.emulator.admin.EmulatorAdmin;
import io.kvsync.emulator.data.Event;
import io.kvsync.emulator.data.Profile;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records at the size limits (README "Limits"): a 20 MB profile and a 20 MB event load exactly
 * through an extractor held to the heap its Kubernetes manifest gives it; an event over 128 MiB
 * becomes a failed record naming its size while the rest of its page loads and the job's sweeps
 * still run.
 */
@ExtendWith(WholeSystem.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BigRecordsTest {

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
  private static final int LARGE = 20_000_000;
  private static final int OVER_THE_LIMIT = 130 * 1024 * 1024;

  /** The heap deploy/k8s/base/extractor-service.yaml gives the extractor (75% of its limit). */
  private static final String EXTRACTOR_HEAP = "1152m";

  private RunningSystem system;
  private ControlApi api;
  private Scenario scenario;
  private EmulatorAdmin klaviyo;
  private String schema;
  private String pipelineId;
  private Instant lastJobStart;
  private long extractorPid;
  private Profile largeProfile;
  private final List<String> addedEvents = new ArrayList<>();

  @BeforeAll
  void startWithLargeRecords(RunningSystem system) throws Exception {
    this.system = system;
    this.api = system.api();
    this.klaviyo = system.klaviyo().admin();
    // As every deployment does (deploy/local/services.sh, deploy/README.md).
    ExternalServices.rabbitmqctl(
        "eval",
        "application:set_env(rabbit, max_message_size, "
            + BusLimits.DEFAULT_MAX_MESSAGE_BYTES
            + ").");
    system.reconfigure("extractor-service", Map.of(ServiceProcess.HEAP, EXTRACTOR_HEAP));
    extractorPid = system.extractor().pid();
    schema = "big_" + UUID.randomUUID().toString().substring(0, 8);
    this.scenario = new Scenario(system);
    pipelineId =
        scenario.pipeline(
            "big records " + schema,
            scenario.destinationOn(schema),
            system.klaviyo().demoKey(),
            "P3M",
            List.of());
    largeProfile = klaviyo.createProfile("large-" + schema + "@example.com", "Large");
    klaviyo.updateProfile(largeProfile.id(), null, null, Map.of("notes", "x".repeat(LARGE)));
    addedEvents.add(largeEvent(LARGE).id());
    runToSuccess();
  }

  @AfterAll
  void leaveTheAccountAsItWas() {
    addedEvents.forEach(klaviyo::removeAddedEvent);
    if (largeProfile != null) {
      klaviyo.deleteProfile(largeProfile.id());
    }
  }

  private Event largeEvent(int padding) {
    String metricId = klaviyo.data().metrics().sortedById().get(0).id();
    return klaviyo.addEvent(
        metricId,
        klaviyo.data().profiles().sortedById().get(0).id(),
        Instant.now().minusSeconds(1),
        Map.of("padding", "x".repeat(padding), "$value", 1));
  }

  private void runToSuccess() throws Exception {
    lastJobStart = scenario.runToSuccess(pipelineId, JOB_TIMEOUT);
  }

  @Test
  @Order(1)
  void a20MegabyteProfileAndEventLoadExactly() throws Exception {
    DestinationTable.assertMatchesKlaviyo(system, schema, "profile_v2", lastJobStart);
    DestinationTable.assertMatchesKlaviyo(system, schema, "event_v2", lastJobStart);
    assertExtractorHeldItsHeap();
  }

  @Test
  @Order(2)
  void anEventOverTheLimitIsAFailedRecordAndTheRestOfItsPageAndTheSweepsGoOn() throws Exception {
    Event tooLarge = largeEvent(OVER_THE_LIMIT);
    addedEvents.add(tooLarge.id());
    String deletedMetric = klaviyo.data().metrics().sortedById().get(1).id();
    klaviyo.deleteMetric(deletedMetric);

    runToSuccess();

    JsonNode failed =
        api.get("/api/v1/pipelines/" + pipelineId + "/failed-records?object=event_v2").body();
    JsonNode record =
        StreamSupport.stream(failed.spliterator(), false)
            .filter(r -> r.path("record_id").asText().equals(tooLarge.id()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no failed record for the event: " + failed));
    String reason = record.path("reason").asText();
    assertTrue(
        reason.matches(".*record is \\d{9,} bytes, over the 134217728-byte limit.*"), reason);

    try (Connection db = system.destination()) {
      var events = DestinationTable.liveRows(db, schema, "event_v2", List.of("id"));
      assertFalse(
          events.containsKey(List.of(tooLarge.id())), "the event over the limit is not loaded");
      List<Map<String, Object>> expected =
          klaviyo.truth("event_v2").stream()
              .filter(row -> !tooLarge.id().equals(row.get("id")))
              .filter(DestinationTable.datetimeWhere("datetime", t -> t.isBefore(lastJobStart)))
              .toList();
      List<String> problems =
          DestinationTable.differences("event_v2", List.of("id"), expected, events, 20);
      assertTrue(problems.isEmpty(), String.join("\n", problems));
      assertTrue(
          DestinationTable.deletedKeys(db, schema, "metric_v2", List.of("id"))
              .contains(List.of(deletedMetric)),
          "the metric deleted in Klaviyo is marked deleted by the same job");
    }
    assertExtractorHeldItsHeap();
  }

  /** The extractor stayed within its heap: the same process, alive, no OutOfMemoryError. */
  private void assertExtractorHeldItsHeap() throws Exception {
    ServiceProcess extractor = system.extractor();
    assertTrue(extractor.isAlive(), "the extractor is running:\n" + extractor.tail());
    assertEquals(extractorPid, extractor.pid(), "the extractor was never started again");
    assertFalse(
        Files.readString(extractor.log()).contains("OutOfMemoryError"),
        "the extractor never ran out of heap");
  }
}
