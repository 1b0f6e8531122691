package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * An extractor's report that it finished (or gave up on) a slice.
 *
 * @param readId the delivery of the command this read was (see {@link RecordBatch#readId()})
 * @param batches how many {@link RecordBatch}es this read published, over all tables
 * @param records how many records those batches carry
 * @param cursorEnd how far the slice got: the window end, or the highest value seen capped at the
 *     job's start; nullable
 * @param error what went wrong, for {@code DEFERRED} and {@code FAILED}; nullable
 * @param resume for {@code PARTIAL}: where the next chunk of the same read starts
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SliceExtracted(
    int schemaVersion,
    UUID commandId,
    UUID jobId,
    UUID pipelineId,
    String object,
    int attempt,
    UUID readId,
    SliceStatus status,
    int batches,
    long records,
    Instant cursorEnd,
    String error,
    ReadResume resume) {

  public static final int SCHEMA_VERSION = 1;
}
