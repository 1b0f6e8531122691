package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * An extractor's report that it finished (or gave up on) a slice.
 *
 * @param batches how many {@link RecordBatch}es it published for the slice, over all tables
 * @param records how many records those batches carry
 * @param cursorEnd how far the slice got: the window end, or the highest value seen capped at the
 *     job's start; nullable
 * @param error what went wrong, for {@code DEFERRED} and {@code FAILED}; nullable
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SliceExtracted(
    int schemaVersion,
    UUID commandId,
    UUID jobId,
    UUID pipelineId,
    String object,
    int attempt,
    SliceStatus status,
    int batches,
    long records,
    Instant cursorEnd,
    String error) {

  public static final int SCHEMA_VERSION = 1;
}
