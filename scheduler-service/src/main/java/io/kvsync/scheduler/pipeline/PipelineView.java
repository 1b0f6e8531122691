package io.kvsync.scheduler.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A pipeline as the API shows it, with the API key masked. */
public record PipelineView(
    UUID id,
    String name,
    Pipeline.Status status,
    UUID destinationId,
    Source source,
    String frequency,
    List<String> objects,
    Instant nextRunAt,
    Instant createdAt,
    Instant updatedAt) {

  /** The source with its key masked ({@code pk_****abcd}). */
  public record Source(String type, String privateApiKey, String historicalSyncDuration) {}

  static PipelineView of(Pipeline p, List<PipelineObject> objects) {
    return new PipelineView(
        p.id,
        p.name,
        p.status,
        p.destinationId,
        new Source(p.sourceType, p.apiKeyMasked, p.historicalSyncDuration),
        p.frequency,
        objects.stream().map(o -> o.object).toList(),
        p.nextRunAt,
        p.createdAt,
        p.updatedAt);
  }
}
