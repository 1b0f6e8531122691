package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * An extractor's sign of life while it reads a slice, sent when the read starts and then at a fixed
 * interval: it renews the slice's lease, so a long read is never taken for a lost one.
 *
 * @param readId the delivery of the command being read
 * @param batches batches published so far by this read
 * @param records records in them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SliceHeartbeat(
    int schemaVersion,
    UUID commandId,
    UUID jobId,
    UUID pipelineId,
    String object,
    int attempt,
    UUID readId,
    int batches,
    long records,
    Instant at) {

  public static final int SCHEMA_VERSION = 1;
}
