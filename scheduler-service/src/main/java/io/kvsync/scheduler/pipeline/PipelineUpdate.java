package io.kvsync.scheduler.pipeline;

/**
 * The body of {@code PATCH /pipelines/{id}}: only the fields present change. {@code resetPositions}
 * confirms a move of the tables (a destination elsewhere): a JSON boolean, taken as it came so that
 * anything else is refused rather than coerced.
 */
public record PipelineUpdate(
    String name,
    String destinationId,
    PipelineRequest.Source source,
    String frequency,
    java.util.List<String> objects,
    Object resetPositions) {}
