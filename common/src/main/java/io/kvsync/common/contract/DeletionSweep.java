package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sent by the scheduler once a full read of a table succeeded and every batch of it is loaded: rows
 * of that table the run did not see ({@code __job_id} other than {@code jobId}) are marked deleted,
 * except those whose {@code id} is in {@code keptIds}. Clocks play no part (docs/adr/0007). Never
 * sent after a partial run. The loader answers with a {@link BatchLoaded} whose {@code batchId} is
 * {@code sweepId}.
 *
 * @param seenSince the start of the run by the scheduler's clock; informative only
 * @param keptIds ids of the run's records that failed to load: the run read them, so their rows
 *     stay live though the run did not write them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeletionSweep(
    int schemaVersion,
    UUID sweepId,
    UUID jobId,
    UUID pipelineId,
    String object,
    String destination,
    Instant seenSince,
    List<String> keptIds) {

  public static final int SCHEMA_VERSION = 1;

  public DeletionSweep {
    keptIds = keptIds == null ? List.of() : List.copyOf(keptIds);
  }

  /** A sweep with no failed record to keep. */
  public DeletionSweep(
      int schemaVersion,
      UUID sweepId,
      UUID jobId,
      UUID pipelineId,
      String object,
      String destination,
      Instant seenSince) {
    this(schemaVersion, sweepId, jobId, pipelineId, object, destination, seenSince, List.of());
  }
}
