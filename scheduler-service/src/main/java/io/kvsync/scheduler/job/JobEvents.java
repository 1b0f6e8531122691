package io.kvsync.scheduler.job;

import io.kvsync.common.contract.DeletionSweep;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.scheduler.activity.ActivityEntry.Severity;
import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.destination.Destination;
import io.kvsync.scheduler.failure.FailedRecord;
import io.kvsync.scheduler.observability.SchedulerMetrics;
import io.kvsync.scheduler.pipeline.Pipeline;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** What follows a job's end, and the deletion sweeps owed by successful full reads. */
@ApplicationScoped
public class JobEvents {

  private static final Logger LOG = Logger.getLogger(JobEvents.class);

  @Inject SchedulerMetrics metrics;
  @Inject ActivityLog activity;
  @Inject CommandSink sink;
  @Inject SecretCipher cipher;

  @WithTransaction
  public Uni<Void> jobFinished(UUID jobId) {
    return Job.<Job>findById(jobId)
        .flatMap(
            job -> {
              if (job == null || job.finishedAt == null) {
                return Uni.createFrom().voidItem();
              }
              metrics.jobFinished(job.status, Duration.between(job.startedAt, job.finishedAt));
              LOG.infof(
                  "Job %s of pipeline %s finished %s%s",
                  job.id, job.pipelineId, job.status, job.error == null ? "" : ": " + job.error);
              Severity severity =
                  switch (job.status) {
                    case SUCCEEDED -> Severity.INFO;
                    case FAILED -> Severity.ERROR;
                    default -> Severity.WARNING;
                  };
              return activity.record(
                  ActivityLog.SYSTEM_ACTOR,
                  severity,
                  "job.finished",
                  job.pipelineId,
                  "Job " + job.id + " " + job.status + (job.error == null ? "" : ": " + job.error));
            });
  }

  /** Publishes the job's pending sweeps (at least once: the loader's sweep is idempotent). */
  public Uni<Void> publishSweeps(UUID jobId) {
    return pendingSweeps(jobId)
        .flatMap(
            sweeps ->
                Multi.createFrom()
                    .iterable(sweeps)
                    .onItem()
                    .transformToUniAndConcatenate(
                        sweep ->
                            sink.publish(sweep)
                                .flatMap(ignored -> markPublished(sweep.sweepId()))
                                .onFailure()
                                .invoke(
                                    failure ->
                                        LOG.warnf(
                                            "Publishing deletion sweep %s failed; the tick retries"
                                                + " it: %s",
                                            sweep.sweepId(), failure.toString()))
                                .onFailure()
                                .recoverWithNull())
                    .collect()
                    .last()
                    .replaceWithVoid());
  }

  @WithTransaction
  Uni<List<DeletionSweep>> pendingSweeps(UUID jobId) {
    return DeletionSweepRecord.<DeletionSweepRecord>list(
            "jobId = ?1 and state = ?2", jobId, DeletionSweepRecord.State.PENDING)
        .flatMap(
            records -> {
              if (records.isEmpty()) {
                return Uni.createFrom().item(List.<DeletionSweep>of());
              }
              return Pipeline.<Pipeline>findById(records.get(0).pipelineId)
                  .flatMap(
                      pipeline ->
                          pipeline == null
                              ? Uni.createFrom().nullItem()
                              : Destination.<Destination>findById(pipeline.destinationId))
                  .flatMap(
                      destination -> {
                        if (destination == null) {
                          return Uni.createFrom().item(List.<DeletionSweep>of());
                        }
                        String sealed = destination.sealedSpec(cipher);
                        // One session runs one query at a time: the sweeps are built in turn.
                        return Multi.createFrom()
                            .iterable(records)
                            .onItem()
                            .transformToUniAndConcatenate(r -> sweepOf(r, destination, sealed))
                            .collect()
                            .asList();
                      });
            });
  }

  /**
   * The sweep message, keeping the rows of the records its run failed to load; none when another
   * pipeline writes the same table, whose rows this run never reads (the sweep is then done,
   * marking nothing, and the activity log says why).
   */
  private Uni<DeletionSweep> sweepOf(
      DeletionSweepRecord record, Destination destination, String sealedDestination) {
    return otherWriter(record, destination)
        .chain(
            other -> {
              if (other != null) {
                record.state = DeletionSweepRecord.State.DONE;
                return activity
                    .record(
                        ActivityLog.SYSTEM_ACTOR,
                        Severity.WARNING,
                        "sweep.skipped",
                        record.pipelineId,
                        record.object
                            + ": no deletions marked, pipeline "
                            + other
                            + " writes the same table")
                    .replaceWith((DeletionSweep) null);
              }
              return FailedRecord.<FailedRecord>list(
                      "jobId = ?1 and object = ?2 and recordId is not null",
                      record.jobId,
                      record.object)
                  .map(
                      failed ->
                          new DeletionSweep(
                              DeletionSweep.SCHEMA_VERSION,
                              record.id,
                              record.jobId,
                              record.pipelineId,
                              record.object,
                              sealedDestination,
                              record.seenSince,
                              failed.stream().map(f -> f.recordId).distinct().toList()));
            });
  }

  /** Another pipeline replicating {@code record.object} into the same table, or null. */
  private static Uni<UUID> otherWriter(DeletionSweepRecord record, Destination destination) {
    return Pipeline.<Pipeline>find(
            "select p from Pipeline p, Destination d where p.destinationId = d.id"
                + " and p.id <> ?1 and d.host = ?2 and d.port = ?3 and d.database = ?4"
                + " and d.schema = ?5 and d.tablePrefix = ?6 and exists (select 1 from"
                + " PipelineObject o where o.pipelineId = p.id and o.object = ?7)",
            record.pipelineId,
            destination.host,
            destination.port,
            destination.database,
            destination.schema,
            destination.tablePrefix,
            record.object)
        .firstResult()
        .map(other -> other == null ? null : other.id);
  }

  @WithTransaction
  Uni<Void> markPublished(UUID sweepId) {
    return DeletionSweepRecord.<DeletionSweepRecord>findById(sweepId)
        .invoke(
            sweep -> {
              if (sweep != null && sweep.state == DeletionSweepRecord.State.PENDING) {
                sweep.state = DeletionSweepRecord.State.PUBLISHED;
              }
            })
        .replaceWithVoid();
  }
}
