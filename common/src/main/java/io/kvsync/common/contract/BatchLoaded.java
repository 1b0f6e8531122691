package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A loader's report that a batch (or a deletion sweep) is committed in the destination.
 *
 * @param failures records of the batch that were not loaded, with reasons
 * @param schemaChanges DDL the batch caused (new columns, widened types), for the activity log
 * @param error nullable; set when the whole batch could not be loaded and will not be retried
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
    int seq,
    long rowsUpserted,
    long rowsMarkedDeleted,
    List<RecordFailure> failures,
    List<String> schemaChanges,
    Instant loadedAt,
    String error) {

  public static final int SCHEMA_VERSION = 1;
}
