package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Records of one destination table read by one slice: one Klaviyo page, or the part of a page that
 * feeds that table.
 *
 * @param object the destination table these records load into
 * @param readId the extractor's delivery of the command that read it: a command delivered twice has
 *     two reads, and only the batches of the read that completed count
 * @param seq 0-based position of this batch within its read
 * @param extractedAt when the records were read: becomes {@code __ingested_at}
 * @param cursorHigh the highest cursor value among the records, nullable
 * @param destination encrypted destination connection spec, as in the command
 * @param records raw JSON:API resources (with their relationships' ids), or for tables derived from
 *     a parent resource, that parent resource; large members may be held as {@link RawJson}, the
 *     text they were read as. A batch is cut so that its message stays within the bus limit ({@link
 *     io.kvsync.common.bus.BusLimits})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordBatch(
    int schemaVersion,
    UUID batchId,
    UUID commandId,
    UUID jobId,
    UUID pipelineId,
    String object,
    int attempt,
    UUID readId,
    int seq,
    Instant extractedAt,
    Instant cursorHigh,
    String destination,
    List<ObjectNode> records) {

  public static final int SCHEMA_VERSION = 1;

  /** The batch without its records. */
  public BatchRef ref() {
    return new BatchRef(batchId, commandId, jobId, pipelineId, object, attempt, readId, seq);
  }
}
