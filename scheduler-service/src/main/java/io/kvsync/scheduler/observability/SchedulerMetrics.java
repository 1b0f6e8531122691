package io.kvsync.scheduler.observability;

import io.kvsync.scheduler.job.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scheduler's series (names are a contract with the dashboards): jobs finished and their
 * durations by status, cursor age per pipeline object, slices in flight. Every series whose labels
 * are known up front is registered at startup, so dashboards never query a missing series.
 */
@ApplicationScoped
public class SchedulerMetrics {

  private final Map<JobStatus, Counter> finished = new ConcurrentHashMap<>();
  private final Map<JobStatus, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> cursorAges = new ConcurrentHashMap<>();
  private final AtomicLong slicesInFlight = new AtomicLong();
  private final Map<String, Counter> prunedRows = new ConcurrentHashMap<>();

  /** The control tables retention prunes. */
  public static final java.util.List<String> PRUNED_TABLES =
      java.util.List.of(
          "jobs",
          "job_objects",
          "slices",
          "loaded_batches",
          "deletion_sweeps",
          "activity_log",
          "failed_records");

  @Inject MeterRegistry registry;

  void register(@Observes StartupEvent startup) {
    for (JobStatus status : JobStatus.values()) {
      if (status.isActive()) {
        continue;
      }
      finished.put(
          status,
          Counter.builder("kvsync.jobs.finished")
              .description("Jobs that ended, by final status")
              .tag("status", status.name())
              .register(registry));
      durations.put(
          status,
          Timer.builder("kvsync.job.duration")
              .description("How long jobs ran, by final status")
              .tag("status", status.name())
              .publishPercentileHistogram()
              .register(registry));
    }
    PRUNED_TABLES.forEach(table -> prunedRows.put(table, prunedCounter(table)));
    Gauge.builder("kvsync.slices.in.flight", slicesInFlight, AtomicLong::get)
        .description("Slices handed to extractors and not yet finished")
        .register(registry);
  }

  public void jobFinished(JobStatus status, Duration took) {
    Counter counter = finished.get(status);
    if (counter != null) {
      counter.increment();
      durations.get(status).record(took);
    }
  }

  /** Rows of a control table removed by retention. */
  public void pruned(String table, long rows) {
    prunedRows.computeIfAbsent(table, this::prunedCounter).increment(rows);
  }

  private Counter prunedCounter(String table) {
    return Counter.builder("kvsync.retention.pruned.rows")
        .description("Control database rows removed by retention, by table")
        .tag("table", table)
        .register(registry);
  }

  public void slicesInFlight(long count) {
    slicesInFlight.set(count);
  }

  /** Seconds since the object's data is known complete: its saved cursor or last full read. */
  public void cursorAge(String pipeline, String object, long seconds) {
    cursorAges
        .computeIfAbsent(
            pipeline + "\u0000" + object,
            key -> {
              AtomicLong age = new AtomicLong();
              Gauge.builder("kvsync.cursor.age.seconds", age, AtomicLong::get)
                  .description("Now minus the saved cursor (or last successful load) per object")
                  .tag("pipeline", pipeline)
                  .tag("object", object)
                  .register(registry);
              return age;
            })
        .set(seconds);
  }
}
