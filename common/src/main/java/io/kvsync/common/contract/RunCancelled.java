package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * Broadcast by the scheduler when a job is cancelled: extractors stop its slices at the next page,
 * loaders drop its batches still in the queue.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunCancelled(int schemaVersion, UUID jobId, UUID pipelineId, Instant at) {

  public static final int SCHEMA_VERSION = 1;
}
