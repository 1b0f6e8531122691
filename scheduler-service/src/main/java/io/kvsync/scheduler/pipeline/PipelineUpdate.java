package io.kvsync.scheduler.pipeline;

import io.kvsync.scheduler.rest.Rules;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PATCH /pipelines/{id}}: only the fields present change. {@code resetPositions}
 * confirms a move of the tables (a destination elsewhere): a JSON boolean, taken as it came so that
 * anything else is refused rather than coerced.
 */
@Schema(additionalProperties = Schema.False.class)
public record PipelineUpdate(
    @Schema(maxLength = Rules.MAX_NAME_LENGTH) String name,
    @Schema(format = "uuid") String destinationId,
    PipelineRequest.Source source,
    @Schema(pattern = Frequency.PATTERN) String frequency,
    java.util.List<String> objects,
    @Schema(
            type = SchemaType.BOOLEAN,
            description = "Confirms a move of the tables to another destination")
        Object resetPositions) {}
