package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One slice of work for an extractor: read one object (optionally one window, optionally for some
 * parents) and publish it as {@link RecordBatch}es.
 *
 * @param object destination table of the catalogue, e.g. {@code metric_v2}
 * @param commandId the slice's id
 * @param attempt the run of the slice: increases each time the scheduler issues the slice again;
 *     reports of an older run are ignored
 * @param window nullable; absent for full loads
 * @param parentIds nullable; the parents (lists, segments, flows, …) this slice covers
 * @param sourceCredential the Klaviyo private API key, encrypted with the shared master key
 * @param destination the destination connection spec, encrypted with the shared master key
 * @param rateShare the fraction (0..1] of the key's Klaviyo budget this slice may use
 * @param syncStartedAt when the job started: no cursor may move past it
 * @param timeBudgetSeconds how long the slice may wait on rate limits before it is deferred
 * @param resume nullable; where a chunk that continues an earlier chunk of the same read starts
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncCommand(
    int schemaVersion,
    UUID commandId,
    UUID jobId,
    UUID pipelineId,
    String object,
    SyncKind kind,
    int attempt,
    CursorWindow window,
    List<String> parentIds,
    String sourceCredential,
    String destination,
    double rateShare,
    Instant syncStartedAt,
    long timeBudgetSeconds,
    ReadResume resume) {

  public static final int SCHEMA_VERSION = 1;
}
