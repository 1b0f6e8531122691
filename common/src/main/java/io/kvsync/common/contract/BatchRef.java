package io.kvsync.common.contract;

import java.util.UUID;

/**
 * What identifies a batch in the protocol, without its records: enough to report on it even when
 * its body cannot be read (it also travels as message headers, see {@link BatchHeaders}).
 */
public record BatchRef(
    UUID batchId,
    UUID commandId,
    UUID jobId,
    UUID pipelineId,
    String object,
    int attempt,
    UUID readId,
    int seq) {}
