package io.kvsync.extractor.reads;

import io.kvsync.common.contract.ReadResume;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceHeartbeat;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One delivery of a command being read. A command delivered twice (a redelivery, a killed
 * extractor) is two reads, each with its own {@code readId} on every batch, heartbeat and outcome;
 * only the read that completes counts.
 */
public final class ActiveRead {

  private final SyncCommand command;
  private final UUID readId = UUID.randomUUID();
  private final long startedNanos = System.nanoTime();
  private final Duration maxDuration;
  private final Executor signalExecutor;
  private final AtomicInteger publishedBatches = new AtomicInteger();
  private final AtomicLong publishedRecords = new AtomicLong();
  private final Set<Consumer<StopReason>> urgentStopListeners = new LinkedHashSet<>();
  private StopReason urgentReason;

  /**
   * @param maxDuration how long the read may run before it stops with PARTIAL
   * @param signalExecutor where urgent stop signals are delivered (the read's event loop)
   */
  ActiveRead(SyncCommand command, Duration maxDuration, Executor signalExecutor) {
    this.command = command;
    this.maxDuration = maxDuration;
    this.signalExecutor = signalExecutor;
  }

  public SyncCommand command() {
    return command;
  }

  public UUID readId() {
    return readId;
  }

  /** Asks the read to stop without waiting for the page in flight; the first reason given wins. */
  void requestStop(StopReason reason) {
    List<Consumer<StopReason>> waiting;
    synchronized (this) {
      if (urgentReason != null) {
        return;
      }
      urgentReason = reason;
      waiting = List.copyOf(urgentStopListeners);
      urgentStopListeners.clear();
    }
    waiting.forEach(listener -> listener.accept(reason));
  }

  /** Why the read should stop at this page boundary, or null to go on. */
  public StopReason stopRequested() {
    StopReason urgent;
    synchronized (this) {
      urgent = urgentReason;
    }
    if (urgent != null) {
      return urgent;
    }
    return Duration.ofNanos(System.nanoTime() - startedNanos).compareTo(maxDuration) >= 0
        ? StopReason.READ_DURATION
        : null;
  }

  /**
   * Emits once the read is asked to stop without waiting for the page in flight (shutdown or
   * cancellation); never for the duration bound, which waits for the page.
   */
  public Uni<StopReason> urgentStop() {
    return Uni.createFrom()
        .<StopReason>emitter(
            emitter -> {
              Consumer<StopReason> listener = emitter::complete;
              StopReason already;
              synchronized (this) {
                already = urgentReason;
                if (already == null) {
                  urgentStopListeners.add(listener);
                }
              }
              if (already != null) {
                emitter.complete(already);
                return;
              }
              // A wait that lost its race (the page arrived first) leaves nothing behind.
              emitter.onTermination(() -> forget(listener));
            })
        .emitOn(signalExecutor);
  }

  private synchronized void forget(Consumer<StopReason> listener) {
    urgentStopListeners.remove(listener);
  }

  /** Counts a batch the broker confirmed. */
  public void published(RecordBatch batch) {
    publishedBatches.incrementAndGet();
    publishedRecords.addAndGet(batch.records().size());
  }

  /** A sign of life with what the read published so far. */
  public SliceHeartbeat heartbeat() {
    return new SliceHeartbeat(
        SliceHeartbeat.SCHEMA_VERSION,
        command.commandId(),
        command.jobId(),
        command.pipelineId(),
        command.object(),
        command.attempt(),
        readId,
        publishedBatches.get(),
        publishedRecords.get(),
        Instant.now());
  }

  /** The read's report. */
  public SliceExtracted outcome(
      SliceStatus status,
      int batches,
      long records,
      Instant cursorEnd,
      String error,
      ReadResume resume) {
    return new SliceExtracted(
        SliceExtracted.SCHEMA_VERSION,
        command.commandId(),
        command.jobId(),
        command.pipelineId(),
        command.object(),
        command.attempt(),
        readId,
        status,
        batches,
        records,
        cursorEnd,
        error,
        resume);
  }

  @Override
  public String toString() {
    return "read " + readId + " of command " + command.commandId();
  }
}
