package io.kvsync.extractor.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceHeartbeat;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.extractor.testing.BrokerResource;
import io.kvsync.extractor.testing.BusProbe;
import io.kvsync.extractor.testing.Commands;
import io.kvsync.extractor.testing.EmulatorAdminClient;
import io.kvsync.extractor.testing.EmulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each delivery of a command is a read of its own, shows it is alive while it reads, and stops
 * early when its job is cancelled (heartbeat interval 1 s in %test).
 */
@QuarkusTest
@QuarkusTestResource(BrokerResource.class)
@QuarkusTestResource(EmulatorResource.class)
class ReadLifecycleTest {

  private static final String DEMO_KEY = "pk_emulator_demo_key_0001";
  private static final Duration WAIT = Duration.ofMinutes(2);

  /** Makes a profile first load (20 pages) last a few seconds. */
  private static final String SLOW_PROFILES =
      "{\"endpoint\":\"get_profiles\",\"kind\":\"LATENCY\",\"latency_ms\":200}";

  private BusProbe bus;
  private EmulatorAdminClient emulator;

  @BeforeEach
  void open() throws Exception {
    bus = new BusProbe();
    emulator = EmulatorAdminClient.ofTestEmulator();
  }

  @AfterEach
  void close() throws Exception {
    emulator.clearFaults();
    bus.close();
  }

  @Test
  void aCommandDeliveredTwiceIsTwoReadsEachNumberingItsBatchesFromZero() throws Exception {
    SyncCommand command = Commands.full("metric_v2", DEMO_KEY);
    bus.send(command);
    bus.send(command);

    List<SliceExtracted> outcomes = bus.awaitOutcomes(command.commandId(), 2, WAIT);
    assertEquals(2, outcomes.size());
    assertNotEquals(outcomes.get(0).readId(), outcomes.get(1).readId());
    for (SliceExtracted outcome : outcomes) {
      assertEquals(SliceStatus.COMPLETED, outcome.status(), outcome.error());
      List<RecordBatch> batches = bus.batchesOfRead(outcome.readId());
      assertTrue(batches.size() >= 3, "metrics span pages: " + batches.size());
      assertEquals(outcome.batches(), batches.size());
      assertEquals(
          IntStream.range(0, batches.size()).boxed().toList(),
          batches.stream().map(RecordBatch::seq).sorted().toList(),
          "each read numbers its own batches 0..n-1");
      for (RecordBatch batch : batches) {
        assertEquals(batch.ref(), bus.headersOf(batch).orElseThrow(), "headers name the batch");
      }
      assertTrue(
          bus.heartbeatsOf(command.commandId()).stream()
              .anyMatch(beat -> beat.readId().equals(outcome.readId())),
          "each read has its own heartbeats");
    }
  }

  @Test
  void heartbeatsArriveWhenAReadStartsAndEverySecondAndStopWithItsOutcome() throws Exception {
    emulator.addFault(SLOW_PROFILES);
    SyncCommand command = Commands.firstLoad("profile_v2", DEMO_KEY);
    bus.send(command);
    SliceExtracted outcome = bus.awaitOutcome(command.commandId(), WAIT);
    assertEquals(SliceStatus.COMPLETED, outcome.status(), outcome.error());
    TimeUnit.MILLISECONDS.sleep(2500); // long enough for two more beats, were the timer running

    List<Object> progress = bus.progressOfRead(outcome.readId());
    assertEquals(outcome, progress.get(progress.size() - 1), "nothing after the outcome");
    List<SliceHeartbeat> beats =
        progress.subList(0, progress.size() - 1).stream().map(SliceHeartbeat.class::cast).toList();
    List<RecordBatch> batches = bus.batchesOfRead(outcome.readId());
    SliceHeartbeat first = beats.get(0);
    assertEquals(0, first.batches(), "the first beat is sent before any page is read");
    assertTrue(
        batches.stream().allMatch(b -> !b.extractedAt().isBefore(first.at())),
        "the first beat precedes the first Klaviyo answer");
    assertTrue(beats.size() >= 3, "a read of several seconds beats every second: " + beats);
    for (int i = 1; i < beats.size(); i++) {
      SliceHeartbeat earlier = beats.get(i - 1);
      SliceHeartbeat later = beats.get(i);
      Duration gap = Duration.between(earlier.at(), later.at());
      assertTrue(gap.compareTo(Duration.ofMillis(700)) > 0, "beats are an interval apart: " + gap);
      assertTrue(later.batches() >= earlier.batches() && later.records() >= earlier.records());
    }
    SliceHeartbeat last = beats.get(beats.size() - 1);
    assertTrue(last.batches() > 0 && last.batches() <= outcome.batches(), "counts so far");
    assertTrue(beats.stream().allMatch(b -> b.jobId().equals(command.jobId())));
  }

  @Test
  void aCancelledJobsReadStopsWithoutAnOutcomeAndItsLaterCommandsAreNotRead() throws Exception {
    emulator.addFault(SLOW_PROFILES);
    SyncCommand running = Commands.firstLoad("profile_v2", DEMO_KEY);
    bus.send(running);
    BusProbe.await(
        () -> bus.batchesOf(running.commandId()).size() >= 2, WAIT, () -> "batches of the read");

    bus.cancel(running.jobId());
    // The page in flight when the cancellation came may still be published, nothing after it.
    TimeUnit.SECONDS.sleep(2);
    int batchesAfterCancel = bus.batchesOf(running.commandId()).size();
    int beatsAfterCancel = bus.heartbeatsOf(running.commandId()).size();
    SyncCommand later = Commands.ofJob(Commands.firstLoad("profile_v2", DEMO_KEY), running.jobId());
    SyncCommand otherJob = Commands.full("metric_v2", DEMO_KEY);
    bus.send(later);
    bus.send(otherJob);
    assertEquals(SliceStatus.COMPLETED, bus.awaitOutcome(otherJob.commandId(), WAIT).status());
    TimeUnit.SECONDS.sleep(3);

    assertTrue(bus.outcomesOf(running.commandId()).isEmpty(), "no outcome for a cancelled job");
    assertEquals(batchesAfterCancel, bus.batchesOf(running.commandId()).size(), "it stopped");
    assertEquals(beatsAfterCancel, bus.heartbeatsOf(running.commandId()).size(), "beats stopped");
    assertTrue(batchesAfterCancel < 20, "stopped long before the end: " + batchesAfterCancel);
    Set<UUID> reads =
        bus.heartbeatsOf(running.commandId()).stream()
            .map(SliceHeartbeat::readId)
            .collect(Collectors.toSet());
    assertEquals(1, reads.size(), "acked, not redelivered: " + reads);
    assertTrue(bus.heartbeatsOf(later.commandId()).isEmpty(), "a later command is not read");
    assertTrue(bus.batchesOf(later.commandId()).isEmpty());
    assertTrue(bus.outcomesOf(later.commandId()).isEmpty());
  }
}
