package io.kvsync.loader.metrics;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * The loader's series (a contract with the dashboards and alerts): registered for every catalogue
 * table at startup, so no dashboard query ever finds a series missing.
 */
@ApplicationScoped
public class LoaderMetrics {

  public static final String OUTCOME_LOADED = "loaded";
  public static final String OUTCOME_FAILED = "failed";

  private final MeterRegistry registry;

  public LoaderMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void registerSeries(@Observes StartupEvent event) {
    for (ObjectDefinition definition : ObjectCatalogue.all()) {
      String object = definition.table();
      batches(object, OUTCOME_LOADED);
      batches(object, OUTCOME_FAILED);
      rowsUpserted(object);
      rowsMarkedDeleted(object);
      failedRecords(object);
      schemaChanges(object);
      loadDuration(object);
    }
  }

  public void batchLoaded(
      String object, long rowsUpserted, int failedRecords, int schemaChanges, Duration took) {
    batches(object, OUTCOME_LOADED).increment();
    rowsUpserted(object).increment(rowsUpserted);
    failedRecords(object).increment(failedRecords);
    schemaChanges(object).increment(schemaChanges);
    loadDuration(object).record(took);
  }

  /** A batch the loader gave up on: refused for good (and parked) or until the next run. */
  public void batchFailed(String object) {
    if (ObjectCatalogue.find(object).isEmpty()) {
      return; // an unknown name must not create series
    }
    batches(object, OUTCOME_FAILED).increment();
  }

  public void rowsMarkedDeleted(String object, long rows) {
    rowsMarkedDeleted(object).increment(rows);
  }

  private Counter batches(String object, String outcome) {
    return Counter.builder("kvsync.batches.loaded")
        .description("Record batches processed by the loader")
        .tag("object", object)
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter rowsUpserted(String object) {
    return Counter.builder("kvsync.rows.upserted")
        .description("Rows inserted or updated in destination tables")
        .tag("object", object)
        .register(registry);
  }

  private Counter rowsMarkedDeleted(String object) {
    return Counter.builder("kvsync.rows.marked.deleted")
        .description("Rows marked deleted after a successful full run")
        .tag("object", object)
        .register(registry);
  }

  private Counter failedRecords(String object) {
    return Counter.builder("kvsync.failed.records")
        .description("Records not loaded (oversize, no key, refused value)")
        .tag("object", object)
        .register(registry);
  }

  private Counter schemaChanges(String object) {
    return Counter.builder("kvsync.schema.changes")
        .description("DDL changes applied to destination tables")
        .tag("object", object)
        .register(registry);
  }

  private Timer loadDuration(String object) {
    return Timer.builder("kvsync.batch.load.duration")
        .description("Time from receiving a batch to its commit in the destination")
        .tag("object", object)
        .publishPercentileHistogram()
        .register(registry);
  }
}
