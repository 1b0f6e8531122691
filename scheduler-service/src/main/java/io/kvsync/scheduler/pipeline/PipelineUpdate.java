package io.kvsync.scheduler.pipeline;

/** The body of {@code PATCH /pipelines/{id}}: only the fields present change. */
public record PipelineUpdate(
    String name,
    String destinationId,
    PipelineRequest.Source source,
    String frequency,
    java.util.List<String> objects) {}
