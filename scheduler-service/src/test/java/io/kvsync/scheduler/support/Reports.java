package io.kvsync.scheduler.support;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.RecordFailure;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The reports an extractor and a loader send about a command. */
public final class Reports {

  private Reports() {}

  public static BatchLoaded loaded(SyncCommand command, int seq, long rows) {
    return loaded(command, command.object(), seq, rows, List.of());
  }

  public static BatchLoaded loaded(
      SyncCommand command, String object, int seq, long rows, List<RecordFailure> failures) {
    return new BatchLoaded(
        BatchLoaded.SCHEMA_VERSION,
        UUID.randomUUID(),
        command.commandId(),
        command.jobId(),
        command.pipelineId(),
        object,
        command.attempt(),
        seq,
        rows,
        0,
        failures,
        List.of(),
        Instant.now(),
        null);
  }

  public static SliceExtracted extracted(
      SyncCommand command, SliceStatus status, int batches, long records, String error) {
    return new SliceExtracted(
        SliceExtracted.SCHEMA_VERSION,
        command.commandId(),
        command.jobId(),
        command.pipelineId(),
        command.object(),
        command.attempt(),
        status,
        batches,
        records,
        null,
        error);
  }

  /** Plays extractor and loader: one batch of {@code rows} records, loaded, then the slice done. */
  public static void complete(TestBus bus, SyncCommand command, long rows) throws Exception {
    bus.publishProgress("loaded." + command.object(), loaded(command, 0, rows));
    bus.publishProgress(
        "extracted." + command.object(), extracted(command, SliceStatus.COMPLETED, 1, rows, null));
  }
}
