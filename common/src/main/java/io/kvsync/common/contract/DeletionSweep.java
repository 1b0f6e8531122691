package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * Sent by the scheduler once a full read of a table succeeded and every batch of it is loaded: rows
 * of that table not seen since {@code seenSince} are marked deleted. Never sent after a partial
 * run. The loader answers with a {@link BatchLoaded} whose {@code batchId} is {@code sweepId}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeletionSweep(
    int schemaVersion,
    UUID sweepId,
    UUID jobId,
    UUID pipelineId,
    String object,
    String destination,
    Instant seenSince) {

  public static final int SCHEMA_VERSION = 1;
}
