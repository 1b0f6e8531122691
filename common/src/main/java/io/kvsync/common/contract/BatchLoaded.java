package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A loader's report that a batch (or a deletion sweep) is committed in the destination.
 *
 * @param failures records of the batch that were not loaded, with reasons
 * @param schemaChanges DDL the batch caused (new columns, widened types), for the activity log
 * @param readId copied from the batch (see {@link RecordBatch#readId()})
 * @param error nullable; set when the whole batch could not be loaded and will not be retried
 * @param refusal nullable; with {@code error}: whether the batch can never load or the destination
 *     was unavailable for longer than the loader retries
 * @param extractedAt nullable; the batch's {@link RecordBatch#extractedAt()}, which a replay of its
 *     failed records keeps
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchLoaded(
    int schemaVersion,
    UUID batchId,
    UUID commandId,
    UUID jobId,
    UUID pipelineId,
    String object,
    int attempt,
    UUID readId,
    int seq,
    long rowsUpserted,
    long rowsMarkedDeleted,
    List<RecordFailure> failures,
    List<String> schemaChanges,
    Instant loadedAt,
    String error,
    Refusal refusal,
    Instant extractedAt) {

  public static final int SCHEMA_VERSION = 1;

  /** A report that does not say when its batch was read (a sweep's, a refusal's). */
  public BatchLoaded(
      int schemaVersion,
      UUID batchId,
      UUID commandId,
      UUID jobId,
      UUID pipelineId,
      String object,
      int attempt,
      UUID readId,
      int seq,
      long rowsUpserted,
      long rowsMarkedDeleted,
      List<RecordFailure> failures,
      List<String> schemaChanges,
      Instant loadedAt,
      String error,
      Refusal refusal) {
    this(
        schemaVersion,
        batchId,
        commandId,
        jobId,
        pipelineId,
        object,
        attempt,
        readId,
        seq,
        rowsUpserted,
        rowsMarkedDeleted,
        failures,
        schemaChanges,
        loadedAt,
        error,
        refusal,
        null);
  }

  /** The report of a committed batch. */
  public static BatchLoaded loaded(
      BatchRef batch,
      long rowsUpserted,
      List<RecordFailure> failures,
      List<String> schemaChanges,
      Instant loadedAt) {
    return new BatchLoaded(
        SCHEMA_VERSION,
        batch.batchId(),
        batch.commandId(),
        batch.jobId(),
        batch.pipelineId(),
        batch.object(),
        batch.attempt(),
        batch.readId(),
        batch.seq(),
        rowsUpserted,
        0,
        failures,
        schemaChanges,
        loadedAt,
        null,
        null);
  }

  /** The report of a batch the loader gave up on, with the reason a person can act on. */
  public static BatchLoaded refused(BatchRef batch, String error, Refusal refusal, Instant at) {
    return new BatchLoaded(
        SCHEMA_VERSION,
        batch.batchId(),
        batch.commandId(),
        batch.jobId(),
        batch.pipelineId(),
        batch.object(),
        batch.attempt(),
        batch.readId(),
        batch.seq(),
        0,
        0,
        List.of(),
        List.of(),
        at,
        error,
        refusal);
  }

  /** This report, saying when its batch was read. */
  public BatchLoaded withExtractedAt(Instant batchExtractedAt) {
    return new BatchLoaded(
        schemaVersion,
        batchId,
        commandId,
        jobId,
        pipelineId,
        object,
        attempt,
        readId,
        seq,
        rowsUpserted,
        rowsMarkedDeleted,
        failures,
        schemaChanges,
        loadedAt,
        error,
        refusal,
        batchExtractedAt);
  }

  /** Whether the loader gave up on the whole batch. */
  @JsonIgnore
  public boolean isRefusal() {
    return error != null;
  }
}
