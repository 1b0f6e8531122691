package io.kvsync.scheduler.support;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.BatchRef;
import io.kvsync.common.contract.ReadResume;
import io.kvsync.common.contract.RecordFailure;
import io.kvsync.common.contract.Refusal;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceHeartbeat;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The reports an extractor and a loader send about a command. Unless a test names another read,
 * every report of a command belongs to one read of it (one delivery).
 */
public final class Reports {

  private Reports() {}

  /** The read id of the one delivery a test plays unless it names another. */
  public static UUID firstRead(SyncCommand command) {
    return UUID.nameUUIDFromBytes(
        (command.commandId() + "/" + command.attempt()).getBytes(StandardCharsets.UTF_8));
  }

  public static BatchRef batch(SyncCommand command, UUID readId, String object, int seq) {
    return new BatchRef(
        UUID.randomUUID(),
        command.commandId(),
        command.jobId(),
        command.pipelineId(),
        object,
        command.attempt(),
        readId,
        seq);
  }

  public static BatchLoaded loaded(SyncCommand command, int seq, long rows) {
    return loaded(command, command.object(), seq, rows, List.of());
  }

  public static BatchLoaded loaded(
      SyncCommand command, String object, int seq, long rows, List<RecordFailure> failures) {
    return loadedBy(firstRead(command), command, object, seq, rows, failures);
  }

  public static BatchLoaded loadedBy(
      UUID readId,
      SyncCommand command,
      String object,
      int seq,
      long rows,
      List<RecordFailure> failures) {
    return BatchLoaded.loaded(
        batch(command, readId, object, seq), rows, failures, List.of(), Instant.now());
  }

  public static BatchLoaded refusedBy(
      UUID readId, SyncCommand command, int seq, String error, Refusal refusal) {
    return BatchLoaded.refused(
        batch(command, readId, command.object(), seq), error, refusal, Instant.now());
  }

  public static SliceExtracted extracted(
      SyncCommand command, SliceStatus status, int batches, long records, String error) {
    return extractedBy(firstRead(command), command, status, batches, records, null, error, null);
  }

  public static SliceExtracted extractedBy(
      UUID readId,
      SyncCommand command,
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

  public static SliceHeartbeat heartbeat(SyncCommand command, UUID readId) {
    return new SliceHeartbeat(
        SliceHeartbeat.SCHEMA_VERSION,
        command.commandId(),
        command.jobId(),
        command.pipelineId(),
        command.object(),
        command.attempt(),
        readId,
        0,
        0,
        Instant.now());
  }

  /** Plays extractor and loader: one batch of {@code rows} records, loaded, then the slice done. */
  public static void complete(TestBus bus, SyncCommand command, long rows) throws Exception {
    bus.publishProgress("loaded." + command.object(), loaded(command, 0, rows));
    bus.publishProgress(
        "extracted." + command.object(), extracted(command, SliceStatus.COMPLETED, 1, rows, null));
  }
}
