package io.kvsync.scheduler.pipeline;

import java.util.List;

/** The body of {@code POST /pipelines}; absent fields take the documented defaults. */
public record PipelineRequest(
    String name, String destinationId, Source source, String frequency, List<String> objects) {

  /** Where the data comes from. */
  public record Source(String type, String privateApiKey, String historicalSyncDuration) {

    @Override
    public String toString() {
      return "Source[" + type + ", " + historicalSyncDuration + "]";
    }
  }
}
