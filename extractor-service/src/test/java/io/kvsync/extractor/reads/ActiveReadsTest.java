package io.kvsync.extractor.reads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.SyncKind;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stop signals of reads, without a broker: cancellation, the duration bound, the drain. */
class ActiveReadsTest {

  private final ActiveReads reads = new ActiveReads(Duration.ofMinutes(10), Duration.ofSeconds(5));

  @Test
  void aReadRunsUntilItIsAskedToStop() {
    ActiveRead read = reads.begin(command(UUID.randomUUID()));
    assertNull(read.stopRequested());
    CompletableFuture<StopReason> signal = read.urgentStop().subscribeAsCompletionStage();
    assertTrue(!signal.isDone());
    reads.cancelJob(read.command().jobId());
    assertEquals(StopReason.CANCELLED, signal.join());
    assertEquals(StopReason.CANCELLED, read.stopRequested());
  }

  @Test
  void aReadOfACancelledJobIsStoppedBeforeItStarts() {
    UUID job = UUID.randomUUID();
    reads.cancelJob(job);
    ActiveRead later = reads.begin(command(job));
    assertEquals(StopReason.CANCELLED, later.stopRequested());
    assertEquals(StopReason.CANCELLED, later.urgentStop().await().indefinitely());
    assertNull(reads.begin(command(UUID.randomUUID())).stopRequested(), "other jobs run");
  }

  @Test
  void aReadStopsOnceItRanItsBoundButDoesNotSignalUrgently() {
    ActiveReads bounded = new ActiveReads(Duration.ZERO, Duration.ofSeconds(5));
    ActiveRead read = bounded.begin(command(UUID.randomUUID()));
    assertEquals(StopReason.READ_DURATION, read.stopRequested());
    assertTrue(!read.urgentStop().subscribeAsCompletionStage().isDone(), "it waits for its page");
  }

  @Test
  void theDrainStopsEveryReadAndWaitsUntilEachEnded() throws Exception {
    ActiveRead running = reads.begin(command(UUID.randomUUID()));
    CompletableFuture<StopReason> signal = running.urgentStop().subscribeAsCompletionStage();
    CompletableFuture<Void> drained =
        CompletableFuture.runAsync(
            () -> {
              try {
                reads.drain(Duration.ofSeconds(5));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertEquals(StopReason.SHUTDOWN, signal.get(2, TimeUnit.SECONDS));
    TimeUnit.MILLISECONDS.sleep(200);
    assertTrue(!drained.isDone(), "the drain waits for the read to settle its command");
    ActiveRead delivered = reads.begin(command(UUID.randomUUID()));
    assertEquals(StopReason.SHUTDOWN, delivered.stopRequested(), "nothing new starts");
    reads.end(delivered);
    reads.end(running);
    drained.get(2, TimeUnit.SECONDS);
  }

  @Test
  void theDrainGivesUpAfterItsTimeout() throws Exception {
    reads.begin(command(UUID.randomUUID()));
    long started = System.nanoTime();
    reads.drain(Duration.ofMillis(300));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(
        took.compareTo(Duration.ofMillis(250)) > 0 && took.compareTo(Duration.ofSeconds(3)) < 0);
  }

  private static SyncCommand command(UUID jobId) {
    return new SyncCommand(
        SyncCommand.SCHEMA_VERSION,
        UUID.randomUUID(),
        jobId,
        UUID.randomUUID(),
        "profile_v2",
        SyncKind.HISTORICAL,
        1,
        null,
        null,
        "sealed",
        "sealed",
        1.0,
        Instant.now(),
        600,
        null);
  }
}
