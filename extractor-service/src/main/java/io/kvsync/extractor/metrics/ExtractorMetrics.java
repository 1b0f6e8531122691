package io.kvsync.extractor.metrics;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.common.catalogue.RateTier;
import io.kvsync.common.contract.SliceStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Locale;

/**
 * The extractor's series (names and labels are a contract with the dashboards). Every series whose
 * labels are known in advance is registered at startup so dashboards never query a missing one.
 */
@ApplicationScoped
public class ExtractorMetrics {

  private final MeterRegistry registry;

  public ExtractorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers at startup: a lazily created bean would show no series before its first command. */
  void registerSeries(@Observes StartupEvent event) {
    for (RateTier tier : RateTier.values()) {
      request(tier, "200");
      request(tier, "429");
      throttled(tier);
      rateLimitWait(tier);
    }
    for (ObjectDefinition object : ObjectCatalogue.all()) {
      records(object.table());
      batches(object.table());
      for (SliceStatus status : SliceStatus.values()) {
        sliceTimer(object.table(), status);
      }
    }
  }

  public void requestAnswered(RateTier tier, String status) {
    request(tier, status).increment();
  }

  public void throttledOnce(RateTier tier) {
    throttled(tier).increment();
  }

  public void waitedOnRateLimit(RateTier tier, Duration wait) {
    rateLimitWait(tier).increment(wait.toNanos() / 1e9);
  }

  public void batchPublished(String table, int records) {
    batches(table).increment();
    records(table).increment(records);
  }

  public void sliceFinished(String table, SliceStatus status, Duration took) {
    sliceTimer(table, status).record(took);
  }

  private Counter request(RateTier tier, String status) {
    return Counter.builder("kvsync.klaviyo.requests")
        .description("Requests sent to Klaviyo by tier and HTTP status (or io_error)")
        .tag("tier", tierLabel(tier))
        .tag("status", status)
        .register(registry);
  }

  private Counter throttled(RateTier tier) {
    return Counter.builder("kvsync.klaviyo.throttled")
        .description("Requests Klaviyo answered with 429")
        .tag("tier", tierLabel(tier))
        .register(registry);
  }

  private Counter rateLimitWait(RateTier tier) {
    return Counter.builder("kvsync.klaviyo.rate.limit.wait.seconds")
        .description("Time requests waited on rate limits (our budgets and Retry-After)")
        .tag("tier", tierLabel(tier))
        .register(registry);
  }

  private Counter records(String table) {
    return Counter.builder("kvsync.records.extracted")
        .description("Records published in batches")
        .tag("object", table)
        .register(registry);
  }

  private Counter batches(String table) {
    return Counter.builder("kvsync.batches.published")
        .description("Record batches published with confirms")
        .tag("object", table)
        .register(registry);
  }

  private Timer sliceTimer(String table, SliceStatus status) {
    return Timer.builder("kvsync.slice.duration")
        .description("How long slices took, by outcome")
        .tag("object", table)
        .tag("status", status.name())
        .publishPercentileHistogram()
        .register(registry);
  }

  private static String tierLabel(RateTier tier) {
    return tier.name().toLowerCase(Locale.ROOT);
  }
}
