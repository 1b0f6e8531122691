package io.kvsync.scheduler.pipeline;

import io.kvsync.scheduler.rest.Rules;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /pipelines}; absent fields take the documented defaults. */
@Schema(additionalProperties = Schema.False.class)
public record PipelineRequest(
    @Schema(maxLength = Rules.MAX_NAME_LENGTH) String name,
    @Schema(format = "uuid") String destinationId,
    Source source,
    @Schema(
            pattern = Frequency.PATTERN,
            defaultValue = Frequency.DEFAULT,
            description = "PT30M or a whole number of hours from PT1H to PT24H")
        String frequency,
    @Schema(description = "Catalogue object names; all of them when absent") List<String> objects) {

  /** Where the data comes from. */
  @Schema(name = "SourceRequest", additionalProperties = Schema.False.class)
  public record Source(
      @Schema(enumeration = "klaviyo_v2") String type,
      @Schema(maxLength = Rules.MAX_API_KEY_LENGTH, writeOnly = true) String privateApiKey,
      @Schema(
              pattern = HistoricalSyncDuration.PATTERN,
              defaultValue = HistoricalSyncDuration.DEFAULT,
              description = "An ISO-8601 period (P3M, P1Y, P30D) up to P100Y, or ALL")
          String historicalSyncDuration) {

    @Override
    public String toString() {
      return "Source[" + type + ", " + historicalSyncDuration + "]";
    }
  }
}
