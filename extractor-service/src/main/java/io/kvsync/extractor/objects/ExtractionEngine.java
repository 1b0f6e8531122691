package io.kvsync.extractor.objects;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.extractor.config.ExtractorConfig;
import io.kvsync.extractor.klaviyo.KlaviyoClient;
import io.kvsync.extractor.metrics.ExtractorMetrics;
import io.kvsync.extractor.reads.ActiveRead;
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
   * Reads the slice a delivered command describes and publishes its batches.
   *
   * @param apiKey the unsealed Klaviyo key
   * @return how the read ended, once every batch it reports is confirmed by the broker
   */
  public Uni<ReadResult> extract(ActiveRead read, String apiKey, BatchSink sink) {
    String object = read.command().object();
    Optional<ObjectDefinition> definition = ObjectCatalogue.find(object);
    if (definition.isEmpty()) {
      return reported(
          read.outcome(
              SliceStatus.FAILED,
              0,
              0,
              null,
              "Unknown object '"
                  + object
                  + "': the extractor knows "
                  + ObjectCatalogue.all().stream().map(ObjectDefinition::table).toList(),
              null));
    }
    if (!definition.get().hasOwnReads()) {
      // Its records ride on the source table's slice (same calls); nothing to read here.
      return reported(read.outcome(SliceStatus.COMPLETED, 0, 0, null, null, null));
    }
    return new SliceRun(read, definition.get(), apiKey, sink, client, config, metrics).run();
  }

  private static Uni<ReadResult> reported(SliceExtracted outcome) {
    return Uni.createFrom().item(new ReadResult.Reported(outcome));
  }
}
