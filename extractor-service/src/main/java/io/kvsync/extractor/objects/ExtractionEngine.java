package io.kvsync.extractor.objects;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.extractor.config.ExtractorConfig;
import io.kvsync.extractor.klaviyo.KlaviyoClient;
import io.kvsync.extractor.metrics.ExtractorMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Runs any catalogue entry: one generic engine, the objects are data. */
@ApplicationScoped
public class ExtractionEngine {

  private final KlaviyoClient client;
  private final ExtractorConfig config;
  private final ExtractorMetrics metrics;

  public ExtractionEngine(KlaviyoClient client, ExtractorConfig config, ExtractorMetrics metrics) {
    this.client = client;
    this.config = config;
    this.metrics = metrics;
  }

  /**
   * Reads the slice a command describes and publishes its batches.
   *
   * @param apiKey the unsealed Klaviyo key
   * @return the slice's outcome, once every batch it reports is confirmed by the broker
   */
  public Uni<SliceExtracted> extract(SyncCommand command, String apiKey, BatchSink sink) {
    Optional<ObjectDefinition> definition = ObjectCatalogue.find(command.object());
    if (definition.isEmpty()) {
      return Uni.createFrom()
          .item(
              outcome(
                  command,
                  SliceStatus.FAILED,
                  0,
                  0,
                  "Unknown object '"
                      + command.object()
                      + "': the extractor knows "
                      + ObjectCatalogue.all().stream().map(ObjectDefinition::table).toList()));
    }
    if (!definition.get().hasOwnReads()) {
      // Its records ride on the source table's slice (same calls); nothing to read here.
      return Uni.createFrom().item(outcome(command, SliceStatus.COMPLETED, 0, 0, null));
    }
    return new SliceRun(command, definition.get(), apiKey, sink, client, config, metrics).run();
  }

  static SliceExtracted outcome(
      SyncCommand command, SliceStatus status, int batches, long records, String error) {
    return new SliceExtracted(
        SliceExtracted.SCHEMA_VERSION,
        command.commandId(),
        command.jobId(),
        command.pipelineId(),
        command.object(),
        command.attempt(),
        status,
        batches,
        records,
        null,
        error);
  }
}
