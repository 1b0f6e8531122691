package io.kvsync.scheduler.retention;

import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.failure.FailedRecord;
import io.kvsync.scheduler.job.JobStatus;
import io.kvsync.scheduler.observability.SchedulerMetrics;
import io.kvsync.scheduler.schedule.ScheduleDisabled;
import io.quarkus.arc.Unremovable;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps the control database's size flat: history older than {@code kvsync.retention.period} is
 * deleted on a schedule, in chunks of single statements so that a large backlog never holds long
 * locks. Never pruned: a job still running (with everything it owns), the latest job of each
 * pipeline (its last run stays visible), open failed records (kept until replayed or dismissed).
 * Replicas may prune at once: chunks skip the jobs another one has locked.
 */
@ApplicationScoped
// Kept although only the scheduler calls it here: tests prune through injection.
@Unremovable
public class RetentionPruner {

  private static final Logger LOG = Logger.getLogger(RetentionPruner.class);

  static final Duration SHORTEST_PERIOD = Duration.ofDays(1);

  /** Finished jobs older than $1, except the latest of a pipeline that still exists. */
  private static final String PRUNABLE_JOBS =
      "SELECT j.id FROM jobs j WHERE j.status NOT IN ("
          + JobStatus.activeStatuses().stream()
              .map(s -> "'" + s.name() + "'")
              .collect(Collectors.joining(", "))
          + ") AND coalesce(j.finished_at, j.created_at) < $1"
          + " AND (NOT EXISTS (SELECT 1 FROM pipelines p WHERE p.id = j.pipeline_id)"
          + " OR EXISTS (SELECT 1 FROM jobs newer WHERE newer.pipeline_id = j.pipeline_id"
          + " AND newer.created_at > j.created_at))";

  /**
   * One chunk of deletions: a single statement with parameters $1 (the cutoff) and $2 (the chunk
   * size) answering one row of counts named by table; chunks repeat while {@code lead} deleted a
   * full chunk.
   */
  private record Step(String lead, String sql) {}

  private static final List<Step> STEPS =
      List.of(
          // The bulk of a large run's bookkeeping goes first, in chunks of rows, so that the
          // jobs' own chunks stay small.
          new Step(
              "loaded_batches",
              "WITH gone AS (DELETE FROM loaded_batches WHERE batch_id IN (SELECT b.batch_id"
                  + " FROM loaded_batches b JOIN slices s ON s.id = b.slice_id WHERE s.job_id IN ("
                  + PRUNABLE_JOBS
                  + ") LIMIT $2) RETURNING 1) SELECT count(*) AS loaded_batches FROM gone"),
          new Step(
              "jobs",
              "WITH doomed AS ("
                  + PRUNABLE_JOBS
                  + " ORDER BY j.created_at LIMIT $2 FOR UPDATE OF j SKIP LOCKED),"
                  + " batches AS (DELETE FROM loaded_batches b USING slices s"
                  + " WHERE s.id = b.slice_id AND s.job_id IN (SELECT id FROM doomed) RETURNING 1),"
                  + " slices_gone AS (DELETE FROM slices"
                  + " WHERE job_id IN (SELECT id FROM doomed) RETURNING 1),"
                  + " objects_gone AS (DELETE FROM job_objects"
                  + " WHERE job_id IN (SELECT id FROM doomed) RETURNING 1),"
                  + " sweeps_gone AS (DELETE FROM deletion_sweeps"
                  + " WHERE job_id IN (SELECT id FROM doomed) RETURNING 1),"
                  + " jobs_gone AS (DELETE FROM jobs"
                  + " WHERE id IN (SELECT id FROM doomed) RETURNING 1)"
                  + " SELECT (SELECT count(*) FROM jobs_gone) AS jobs,"
                  + " (SELECT count(*) FROM objects_gone) AS job_objects,"
                  + " (SELECT count(*) FROM slices_gone) AS slices,"
                  + " (SELECT count(*) FROM batches) AS loaded_batches,"
                  + " (SELECT count(*) FROM sweeps_gone) AS deletion_sweeps"),
          new Step(
              "activity_log",
              "WITH gone AS (DELETE FROM activity_log WHERE id IN (SELECT id FROM activity_log"
                  + " WHERE at < $1 ORDER BY at LIMIT $2) RETURNING 1)"
                  + " SELECT count(*) AS activity_log FROM gone"),
          // Replayed records are done with; records of a pipeline deleted before they went with
          // it are personal data nobody can see any more.
          new Step(
              "failed_records",
              "WITH gone AS (DELETE FROM failed_records WHERE id IN (SELECT f.id"
                  + " FROM failed_records f WHERE (f.state = '"
                  + FailedRecord.State.REPLAYED.name()
                  + "' AND f.replayed_at < $1)"
                  + " OR NOT EXISTS (SELECT 1 FROM pipelines p WHERE p.id = f.pipeline_id)"
                  + " LIMIT $2) RETURNING 1) SELECT count(*) AS failed_records FROM gone"));

  @Inject Pool pool;
  @Inject Clock clock;
  @Inject SchedulerConfig config;
  @Inject SchedulerMetrics metrics;
  @Inject ActivityLog activity;

  void validateSettings(@Observes StartupEvent startup) {
    check(config.retention());
  }

  /** Refuses settings that would prune history still in use or never make progress. */
  static void check(SchedulerConfig.Retention retention) {
    if (retention.period().compareTo(SHORTEST_PERIOD) < 0) {
      throw new IllegalStateException(
          "kvsync.retention.period must be at least P1D (a day); got " + retention.period());
    }
    if (retention.chunkSize() < 1) {
      throw new IllegalStateException(
          "kvsync.retention.chunk-size must be at least 1; got " + retention.chunkSize());
    }
    if (retention.maxChunksPerRun() < 1) {
      throw new IllegalStateException(
          "kvsync.retention.max-chunks-per-run must be at least 1; got "
              + retention.maxChunksPerRun());
    }
  }

  @Scheduled(
      every = "${kvsync.retention.interval:1h}",
      delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = ScheduleDisabled.class)
  Uni<Void> scheduled() {
    return prune(clock.instant().minus(config.retention().period()))
        .onFailure()
        .invoke(failure -> LOG.warnf("Retention failed; the next run tries again: %s", failure))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /**
   * Deletes the history older than {@code cutoff}; answers the rows deleted per table. Bounded by
   * {@code max-chunks-per-run} chunks per step: what is left waits for the next run.
   */
  public Uni<Map<String, Long>> prune(Instant cutoff) {
    OffsetDateTime before = cutoff.atOffset(ZoneOffset.UTC);
    Map<String, Long> deleted = new LinkedHashMap<>();
    SchedulerMetrics.PRUNED_TABLES.forEach(table -> deleted.put(table, 0L));
    return Multi.createFrom()
        .iterable(STEPS)
        .onItem()
        .transformToUniAndConcatenate(step -> run(step, before, deleted))
        .collect()
        .last()
        .call(() -> report(cutoff, deleted))
        .replaceWith(deleted);
  }

  private Uni<Void> run(Step step, OffsetDateTime cutoff, Map<String, Long> deleted) {
    int chunkSize = config.retention().chunkSize();
    return Multi.createBy()
        .repeating()
        .uni(
            () ->
                pool.preparedQuery(step.sql())
                    .execute(Tuple.of(cutoff, chunkSize))
                    .map(rows -> rows.iterator().next()))
        .whilst(counts -> counts.getLong(step.lead()) >= chunkSize)
        .select()
        .first(config.retention().maxChunksPerRun())
        .invoke(counts -> add(counts, deleted))
        .collect()
        .last()
        .replaceWithVoid();
  }

  private static void add(Row counts, Map<String, Long> deleted) {
    for (int i = 0; i < counts.size(); i++) {
      deleted.merge(counts.getColumnName(i), counts.getLong(i), Long::sum);
    }
  }

  private Uni<Void> report(Instant cutoff, Map<String, Long> deleted) {
    deleted.forEach(metrics::pruned);
    long total = deleted.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return Uni.createFrom().voidItem();
    }
    String detail = "history before " + cutoff + " pruned: " + deleted;
    LOG.info(detail);
    return Panache.withTransaction(
        () -> activity.info(ActivityLog.SYSTEM_ACTOR, "retention.pruned", null, detail));
  }
}
