package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvsync.common.testing.ExternalServices;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Messages that arrive twice or cannot be used: a command delivered a second time while its first
 * delivery still reads, a batch on its last allowed delivery, a batch whose body cannot be decoded.
 * The slice they belong to fails at once naming the cause (it never hangs and never counts as
 * loaded), the dead-letter queue holds exactly the unusable batch with its reason, and the next run
 * is exact.
 */
@ExtendWith(WholeSystem.class)
class RedeliveryFaultsTest {

  private static final List<String> EVENTS = List.of("event_v2");

  private Scenario scenario;

  /** Three months of events read slowly: each weekly window takes several seconds. */
  private Scenario.Run startSlowEvents(RunningSystem system, String label) throws Exception {
    scenario = new Scenario(system).slow(1000, "/api/events");
    return scenario.start(label, EVENTS);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String header(Bus.Copy copy, String name) {
    return String.valueOf(copy.headers().get(name));
  }

  @Test
  void aCommandDeliveredTwiceWhileItsFirstReadRunsThenABatchOfTheSecondReadIsRefused(
      RunningSystem system) throws Exception {
    // Room for every command of the job at once, so the second delivery starts straight away.
    system.reconfigure(
        "extractor-service", Map.of("MP_MESSAGING_INCOMING_COMMANDS_CONCURRENCY", "16"));
    try (Bus bus = system.bus();
        Bus.Tap commands = bus.tap("sync.commands", "extract");
        Bus.Tap batches = bus.tap("records", "load")) {
      bus.drainDeadLetters();
      Scenario.Run run = startSlowEvents(system, "twice");

      Bus.Copy command =
          commands.await(c -> c.text().contains(run.jobId()), 1, Duration.ofSeconds(30)).get(0);
      String commandId = JSON.readTree(command.body()).get("commandId").asText();
      // The broker hands the same command out again (a consumer timeout, a lost ack).
      bus.publish("sync.commands", "extract", Map.of(), command.body());

      String secondRead = awaitReads(batches, commandId, 2).get(1);
      Bus.Copy ofSecondRead =
          batches.copies(b -> header(b, "kvsync-read-id").equals(secondRead)).get(0);
      // Another batch of that read reaches the loader with its body cut short (a broken proxy, a
      // bug): it can never load, and the read's outcome counts it.
      Map<String, Object> garbled = new HashMap<>(ofSecondRead.headers());
      garbled.put("kvsync-batch-id", UUID.randomUUID().toString());
      byte[] cut = Arrays.copyOf(ofSecondRead.body(), ofSecondRead.body().length / 2);
      bus.publish("records", "load", garbled, cut);

      JsonNode job = scenario.awaitJob(run.jobId(), "FAILED");
      String error = job.get("objects").get(0).get("error").asText();
      assertTrue(error.contains("decoded"), error);

      List<Bus.Copy> parked = drainUntilQuiet(bus, "loader.batches.dlq");
      assertEquals(1, parked.size(), "only the cut batch is parked: " + parked);
      assertEquals(new String(cut, StandardCharsets.UTF_8), parked.get(0).text());
      assertTrue(parked.get(0).headers().containsKey("x-kvsync-reason"));
      InfrastructureFaultsTest.assertNoDeadLetters(bus);

      scenario.calm();
      scenario.assertNextRunExact(run, EVENTS);
    } finally {
      system.reconfigure("extractor-service", Map.of());
    }
  }

  @Test
  void aBatchThatReachesItsDeliveryLimitFailsItsObjectInsteadOfVanishing(RunningSystem system)
      throws Exception {
    // Two deliveries allowed, on the broker and in the loader, so one crash uses them up.
    ExternalServices.rabbitmqctl(
        "set_policy",
        "-p",
        system.virtualHost(),
        "--apply-to",
        "queues",
        DELIVERY_LIMIT_POLICY,
        "^loader\\.batches$",
        "{\"delivery-limit\":2}");
    system.reconfigure("loader-service", Map.of("KVSYNC_LOAD_DELIVERY_LIMIT", "2"));
    try (Bus bus = system.bus();
        Bus.Tap batches = bus.tap("records", "load")) {
      bus.drainDeadLetters();
      Scenario.Run run = startSlowEvents(system, "limit");
      batches.await(b -> header(b, "kvsync-job-id").equals(run.jobId()), 1, Duration.ofSeconds(60));
      try (Connection db = system.destination();
          Statement sql = db.createStatement()) {
        awaitTable(sql, run.schema());
        db.setAutoCommit(false);
        // Hold the table so the loader's next write waits, unacknowledged, and then dies with it.
        sql.execute("LOCK TABLE " + run.schema() + ".event_v2 IN ACCESS EXCLUSIVE MODE");
        Thread.sleep(3000);
        system.crashAndRestart("loader-service");
        db.rollback();
      }

      JsonNode job = scenario.awaitJob(run.jobId(), "FAILED");
      String error = job.get("objects").get(0).get("error").asText();
      assertTrue(error.contains("delivered"), error);
      // The loader parks what it refuses with the reason; a batch the broker itself dropped
      // past the limit (a loader died holding it once too often) arrives without one.
      List<Bus.Copy> parked = drainUntilQuiet(bus, "loader.batches.dlq");
      assertTrue(
          parked.stream().anyMatch(b -> b.headers().containsKey("x-kvsync-reason")),
          "the batch at its limit is parked with the reason, not dropped");
      for (Bus.Copy batch : parked) {
        assertEquals(run.jobId(), header(batch, "kvsync-job-id"));
      }
      InfrastructureFaultsTest.assertNoDeadLetters(bus);
    } finally {
      ExternalServices.rabbitmqctl(
          "clear_policy", "-p", system.virtualHost(), DELIVERY_LIMIT_POLICY);
      system.reconfigure("loader-service", Map.of());
    }
    scenario.calm();
  }

  private static final String DELIVERY_LIMIT_POLICY = "fault-suite-delivery-limit";

  private static void awaitTable(Statement sql, String schema) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      try (ResultSet found =
          sql.executeQuery("SELECT to_regclass('" + schema + ".event_v2') IS NOT NULL")) {
        found.next();
        if (found.getBoolean(1)) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(schema + ".event_v2 was not created within a minute");
  }

  /** Waits until {@code count} reads of the command published batches; in order of appearance. */
  private static List<String> awaitReads(Bus.Tap batches, String commandId, int count)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      List<String> reads = List.copyOf(readsOf(batches, commandId));
      if (reads.size() >= count) {
        return reads;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("fewer than " + count + " reads of " + commandId + " within 60 s");
  }

  /** The reads of a command seen so far, in the order their first batch appeared. */
  private static Set<String> readsOf(Bus.Tap batches, String commandId) {
    Set<String> reads = new LinkedHashSet<>();
    batches
        .copies(b -> header(b, "kvsync-command-id").equals(commandId))
        .forEach(b -> reads.add(header(b, "kvsync-read-id")));
    return reads;
  }

  /**
   * Everything a dead-letter queue receives until it stays empty for 3 s (at most 60 s): batches of
   * a failed job still in flight may be parked a moment after the job failed.
   */
  private static List<Bus.Copy> drainUntilQuiet(Bus bus, String queue) throws Exception {
    List<Bus.Copy> drained = new java.util.ArrayList<>(bus.drain(queue));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      Thread.sleep(3000);
      List<Bus.Copy> more = bus.drain(queue);
      if (more.isEmpty()) {
        return drained;
      }
      drained.addAll(more);
    }
    return drained;
  }
}
