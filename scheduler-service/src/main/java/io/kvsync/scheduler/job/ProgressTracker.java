package io.kvsync.scheduler.job;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.RecordFailure;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SyncKind;
import io.kvsync.scheduler.activity.ActivityEntry.Severity;
import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.failure.FailedRecord;
import io.kvsync.scheduler.pipeline.PipelineObject;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies the extractors' and loaders' reports to the control state. Every report of a job is
 * applied under that job's row lock, so concurrent consumers (and replicas) never lose an update.
 */
@ApplicationScoped
public class ProgressTracker {

  private static final Logger LOG = Logger.getLogger(ProgressTracker.class);

  /** What applying a report asks for next. */
  record Applied(UUID jobId, boolean sliceFinished, boolean jobFinished, boolean sweepsOwed) {
    static final Applied IGNORED = new Applied(null, false, false, false);
  }

  @Inject Clock clock;
  @Inject SchedulerConfig config;
  @Inject SliceDispatcher dispatcher;
  @Inject JobEvents events;
  @Inject ActivityLog activity;

  public Uni<Void> sliceExtracted(SliceExtracted report) {
    return applySliceExtracted(report).flatMap(this::followUp);
  }

  public Uni<Void> batchLoaded(BatchLoaded report) {
    return applyBatchLoaded(report).flatMap(this::followUp);
  }

  private Uni<Void> followUp(Applied applied) {
    if (applied.jobId() == null) {
      return Uni.createFrom().voidItem();
    }
    Uni<Void> sweeps =
        applied.sweepsOwed() ? events.publishSweeps(applied.jobId()) : Uni.createFrom().voidItem();
    return sweeps.flatMap(
        ignored -> {
          if (applied.jobFinished()) {
            return events.jobFinished(applied.jobId());
          }
          if (applied.sliceFinished()) {
            return dispatcher.dispatch(applied.jobId());
          }
          return Uni.createFrom().voidItem();
        });
  }

  @WithTransaction
  Uni<Applied> applySliceExtracted(SliceExtracted report) {
    return lockedJob(report.jobId())
        .flatMap(job -> job == null ? Uni.createFrom().nullItem() : slice(job, report.commandId()))
        .flatMap(
            found -> {
              if (found == null) {
                return Uni.createFrom().item(Applied.IGNORED);
              }
              Slice slice = found.slice();
              if (report.attempt() != slice.attempt
                  || slice.state.isFinished()
                  || slice.state == SliceState.EXTRACTED) {
                LOG.debugf(
                    "Ignoring a stale or repeated report for slice %s (attempt %d, now %d, %s)",
                    slice.id, report.attempt(), slice.attempt, slice.state);
                return Uni.createFrom().item(Applied.IGNORED);
              }
              slice.cursorEnd = report.cursorEnd();
              slice.records = report.records();
              switch (report.status()) {
                case COMPLETED -> {
                  slice.batchesExpected = report.batches();
                  slice.state =
                      slice.batchesLoaded >= report.batches()
                          ? SliceState.DONE
                          : SliceState.EXTRACTED;
                }
                case DEFERRED -> {
                  slice.state = SliceState.DEFERRED;
                  slice.error = report.error();
                }
                case FAILED -> {
                  slice.state = SliceState.FAILED;
                  slice.error =
                      report.error() == null ? "The extractor failed the slice" : report.error();
                }
              }
              Uni<Void> logged =
                  report.status() == io.kvsync.common.contract.SliceStatus.COMPLETED
                      ? Uni.createFrom().voidItem()
                      : activity.record(
                          ActivityLog.SYSTEM_ACTOR,
                          report.status() == io.kvsync.common.contract.SliceStatus.FAILED
                              ? Severity.ERROR
                              : Severity.WARNING,
                          "slice." + report.status().name().toLowerCase(),
                          found.job().pipelineId,
                          slice.object + ": " + slice.error);
              return logged
                  .flatMap(ignored -> JobObject.<JobObject>findById(slice.jobObjectId))
                  .flatMap(
                      jobObject -> {
                        jobObject.recordsExtracted += report.records();
                        return settle(found.job());
                      });
            });
  }

  @WithTransaction
  Uni<Applied> applyBatchLoaded(BatchLoaded report) {
    return lockedJob(report.jobId())
        .flatMap(
            job -> {
              if (job == null) {
                return Uni.createFrom().item(Applied.IGNORED);
              }
              return DeletionSweepRecord.<DeletionSweepRecord>findById(report.batchId())
                  .flatMap(
                      sweep ->
                          sweep != null
                              ? sweepDone(job, sweep, report)
                              : LoadedBatch.<LoadedBatch>findById(report.batchId())
                                  .flatMap(
                                      known -> {
                                        if (known != null) {
                                          LOG.debugf(
                                              "Batch %s was already counted", report.batchId());
                                          return Uni.createFrom().item(Applied.IGNORED);
                                        }
                                        return slice(job, report.commandId())
                                            .flatMap(
                                                found ->
                                                    found == null
                                                        ? Uni.createFrom().item(Applied.IGNORED)
                                                        : recordBatch(job, found.slice(), report));
                                      }));
            });
  }

  private Uni<Applied> sweepDone(Job job, DeletionSweepRecord sweep, BatchLoaded report) {
    if (sweep.state == DeletionSweepRecord.State.DONE) {
      return Uni.createFrom().item(Applied.IGNORED);
    }
    sweep.state = DeletionSweepRecord.State.DONE;
    sweep.rowsMarkedDeleted = report.rowsMarkedDeleted();
    return JobObject.<JobObject>findById(sweep.jobObjectId)
        .invoke(jobObject -> jobObject.rowsMarkedDeleted += report.rowsMarkedDeleted())
        .call(
            ignored ->
                activity.record(
                    ActivityLog.SYSTEM_ACTOR,
                    report.error() == null ? Severity.INFO : Severity.ERROR,
                    "sweep.done",
                    job.pipelineId,
                    sweep.object
                        + ": "
                        + report.rowsMarkedDeleted()
                        + " rows marked deleted"
                        + (report.error() == null ? "" : "; " + report.error())))
        .replaceWith(Applied.IGNORED);
  }

  private Uni<Applied> recordBatch(Job job, Slice slice, BatchLoaded report) {
    Instant now = clock.instant();
    LoadedBatch batch = new LoadedBatch();
    batch.batchId = report.batchId();
    batch.sliceId = slice.id;
    batch.attempt = report.attempt();
    batch.seq = report.seq();
    batch.object = report.object();
    batch.rowsUpserted = report.rowsUpserted();
    batch.loadedAt = report.loadedAt();
    boolean current = report.attempt() == slice.attempt;
    if (current && !slice.state.isFinished()) {
      slice.batchesLoaded++;
      // Loaded batches show the extractor is alive: its slice is not lost.
      slice.leaseExpiresAt = now.plus(config.dispatch().lease());
      if (report.error() != null) {
        slice.state = SliceState.FAILED;
        slice.error =
            "The loader could not load a batch of " + report.object() + ": " + report.error();
      } else if (slice.state == SliceState.EXTRACTED
          && slice.batchesLoaded >= slice.batchesExpected) {
        slice.state = SliceState.DONE;
      }
    }
    List<FailedRecord> failures = failedRecords(job, report, now);
    return batch
        .persist()
        .flatMap(ignored -> EntityLists.persist(failures))
        .flatMap(ignored -> schemaChanges(job, report))
        .flatMap(
            ignored ->
                JobObject.find("jobId = ?1 and object = ?2", job.id, report.object())
                    .<JobObject>firstResult())
        .flatMap(
            jobObject -> {
              if (jobObject != null) {
                jobObject.rowsLoaded += report.rowsUpserted();
                jobObject.recordsFailed += failures.size();
              }
              return settle(job);
            });
  }

  private static List<FailedRecord> failedRecords(Job job, BatchLoaded report, Instant now) {
    List<FailedRecord> failed = new ArrayList<>();
    if (report.failures() == null) {
      return failed;
    }
    for (RecordFailure failure : report.failures()) {
      FailedRecord record = new FailedRecord();
      record.id = UUID.randomUUID();
      record.pipelineId = job.pipelineId;
      record.jobId = job.id;
      record.batchId = report.batchId();
      record.object = report.object();
      record.recordId = failure.recordId();
      record.reason = failure.reason() == null ? "unknown" : failure.reason();
      record.payload = failure.payload();
      record.state = FailedRecord.State.OPEN;
      record.failedAt = now;
      failed.add(record);
    }
    return failed;
  }

  private Uni<Void> schemaChanges(Job job, BatchLoaded report) {
    if (report.schemaChanges() == null || report.schemaChanges().isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return activity.info(
        "loader",
        "schema.changed",
        job.pipelineId,
        report.object() + ": " + String.join("; ", report.schemaChanges()));
  }

  private record JobAndSlice(Job job, Slice slice) {}

  private Uni<Job> lockedJob(UUID jobId) {
    if (jobId == null) {
      return Uni.createFrom().nullItem();
    }
    return Job.<Job>findById(jobId, LockModeType.PESSIMISTIC_WRITE)
        .invoke(
            job -> {
              if (job == null) {
                LOG.debugf("Ignoring progress for unknown job %s", jobId);
              }
            });
  }

  private Uni<JobAndSlice> slice(Job job, UUID commandId) {
    if (commandId == null) {
      return Uni.createFrom().nullItem();
    }
    return Slice.<Slice>findById(commandId)
        .map(
            slice -> {
              if (slice == null || !slice.jobId.equals(job.id)) {
                LOG.debugf("Ignoring progress for unknown command %s", commandId);
                return null;
              }
              return new JobAndSlice(job, slice);
            });
  }

  /** Re-derives the job from its slices; owes a sweep for every full read that just succeeded. */
  Uni<Applied> settle(Job job) {
    return JobObject.<JobObject>list("jobId", job.id)
        .flatMap(
            jobObjects ->
                Slice.<Slice>list("jobId", job.id)
                    .flatMap(
                        slices ->
                            PipelineObject.<PipelineObject>list("pipelineId", job.pipelineId)
                                .flatMap(
                                    pipelineObjects -> {
                                      Instant now = clock.instant();
                                      JobSettlement.Outcome outcome =
                                          JobSettlement.settle(
                                              job, jobObjects, slices, pipelineObjects, now);
                                      List<DeletionSweepRecord> sweeps =
                                          outcome.newlySucceeded().stream()
                                              .filter(o -> o.kind == SyncKind.FULL)
                                              // Never mark deletions after a partial read.
                                              .filter(o -> o.recordsFailed == 0)
                                              .map(o -> sweep(job, o, now))
                                              .toList();
                                      boolean anyFinished =
                                          slices.stream().anyMatch(s -> s.state.isFinished());
                                      Applied applied =
                                          new Applied(
                                              job.id,
                                              anyFinished,
                                              outcome.jobFinished(),
                                              !sweeps.isEmpty());
                                      return EntityLists.persist(sweeps).replaceWith(applied);
                                    })));
  }

  private static DeletionSweepRecord sweep(Job job, JobObject jobObject, Instant now) {
    DeletionSweepRecord sweep = new DeletionSweepRecord();
    sweep.id = UUID.randomUUID();
    sweep.jobId = job.id;
    sweep.jobObjectId = jobObject.id;
    sweep.pipelineId = job.pipelineId;
    sweep.object = jobObject.object;
    sweep.seenSince = job.startedAt;
    sweep.state = DeletionSweepRecord.State.PENDING;
    sweep.createdAt = now;
    return sweep;
  }
}
