package io.kvsync.scheduler.job;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.Refusal;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceHeartbeat;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncKind;
import io.kvsync.scheduler.activity.ActivityEntry.Severity;
import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.failure.FailedRecord;
import io.kvsync.scheduler.pipeline.PipelineObject;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies the extractors' and loaders' reports to the control state. Every report of a job is
 * applied under that job's row lock, so concurrent consumers (and replicas) never lose an update.
 *
 * <p>A slice is issued as runs (its {@code attempt}); a run's command may be delivered more than
 * once, and each delivery is a read with its own id. Reports of an older run are ignored; the first
 * read of the current run to report decides the slice, and only that read's batches count towards
 * it. A refused batch of the current run fails (or defers) the slice before it can be done.
 */
@ApplicationScoped
public class ProgressTracker {

  private static final Logger LOG = Logger.getLogger(ProgressTracker.class);

  /** What applying a report asks for next. */
  record Applied(UUID jobId, boolean dispatchMore, boolean jobFinished, boolean sweepsOwed) {
    static final Applied IGNORED = new Applied(null, false, false, false);
  }

  @Inject Clock clock;
  @Inject SchedulerConfig config;
  @Inject SliceDispatcher dispatcher;
  @Inject JobEvents events;
  @Inject ActivityLog activity;

  public Uni<Void> sliceExtracted(SliceExtracted report) {
    return applySliceExtracted(report).chain(this::followUp);
  }

  public Uni<Void> batchLoaded(BatchLoaded report) {
    return applyBatchLoaded(report).chain(this::followUp);
  }

  /**
   * A sign of life of the read of an issued slice: from now on its lease is the read lease, renewed
   * by every heartbeat; nothing else changes.
   */
  @WithTransaction
  public Uni<Void> heartbeat(SliceHeartbeat heartbeat) {
    Instant now = clock.instant();
    return Slice.update(
            "leaseExpiresAt = ?1, heartbeatAt = ?2 where id = ?3 and attempt = ?4 and state = ?5",
            now.plus(config.dispatch().readLease()),
            now,
            heartbeat.commandId(),
            heartbeat.attempt(),
            SliceState.ISSUED)
        .replaceWithVoid();
  }

  /** Settles a job again after the tick changed its slices (a lease ran out for the last time). */
  public Uni<Void> resettle(UUID jobId) {
    return applyResettle(jobId).chain(this::followUp);
  }

  @WithTransaction
  Uni<Applied> applyResettle(UUID jobId) {
    return lockedActiveJob(jobId)
        .chain(job -> job == null ? Uni.createFrom().item(Applied.IGNORED) : settle(job, true));
  }

  private Uni<Void> followUp(Applied applied) {
    if (applied.jobId() == null) {
      return Uni.createFrom().voidItem();
    }
    Uni<Void> sweeps =
        applied.sweepsOwed() ? events.publishSweeps(applied.jobId()) : Uni.createFrom().voidItem();
    return sweeps.chain(
        () -> {
          if (applied.jobFinished()) {
            return events.jobFinished(applied.jobId());
          }
          return applied.dispatchMore()
              ? dispatcher.dispatch(applied.jobId())
              : Uni.createFrom().voidItem();
        });
  }

  // ---- SliceExtracted ------------------------------------------------------------------------

  @WithTransaction
  Uni<Applied> applySliceExtracted(SliceExtracted report) {
    return lockedActiveJob(report.jobId())
        .chain(job -> job == null ? Uni.createFrom().nullItem() : slice(job, report.commandId()))
        .chain(
            found -> {
              if (found == null || !isForCurrentRun(found.slice(), report)) {
                return Uni.createFrom().item(Applied.IGNORED);
              }
              return applyOutcome(found.job(), found.slice(), report);
            });
  }

  /** Only the first read of the slice's current run to report decides it. */
  private static boolean isForCurrentRun(Slice slice, SliceExtracted report) {
    if (report.attempt() != slice.attempt) {
      LOG.infof(
          "Ignoring the outcome of run %d of slice %s (%s): run %d superseded it",
          report.attempt(), slice.id, slice.object, slice.attempt);
      return false;
    }
    if (slice.state != SliceState.ISSUED) {
      LOG.infof(
          "Ignoring the outcome of read %s of slice %s (%s): another read already reported (%s)",
          report.readId(), slice.id, slice.object, slice.state);
      return false;
    }
    return true;
  }

  private Uni<Applied> applyOutcome(Job job, Slice slice, SliceExtracted report) {
    Instant now = clock.instant();
    job.lastProgressAt = now;
    slice.records = report.records();
    slice.readId = report.readId();
    Uni<Void> effect =
        switch (report.status()) {
          case COMPLETED, PARTIAL -> readDone(slice, report, now);
          case DEFERRED -> {
            slice.state = SliceState.DEFERRED;
            slice.error = report.error();
            yield logSliceEnd(job, slice, Severity.WARNING);
          }
          case FAILED -> {
            slice.state = SliceState.FAILED;
            slice.error =
                report.error() == null ? "The extractor failed the slice" : report.error();
            yield logSliceEnd(job, slice, Severity.ERROR);
          }
        };
    return effect
        .chain(() -> JobObject.<JobObject>findById(slice.jobObjectId))
        .chain(
            jobObject -> {
              jobObject.recordsExtracted += report.records();
              return report.status() == SliceStatus.PARTIAL
                  ? continueRead(slice, jobObject, report)
                  : Uni.createFrom().voidItem();
            })
        .chain(() -> settle(job, true));
  }

  /** The read published everything it will: the slice is done once those batches are loaded. */
  private Uni<Void> readDone(Slice slice, SliceExtracted report, Instant now) {
    slice.batchesExpected = report.batches();
    slice.cursorEnd = report.cursorEnd();
    slice.leaseExpiresAt = now.plus(config.dispatch().loadLease());
    return LoadedBatch.count(
            "sliceId = ?1 and attempt = ?2 and readId = ?3", slice.id, slice.attempt, slice.readId)
        .invoke(
            loaded -> {
              slice.batchesLoaded = loaded.intValue();
              slice.state =
                  loaded >= slice.batchesExpected ? SliceState.DONE : SliceState.EXTRACTED;
            })
        .replaceWithVoid();
  }

  /**
   * A read that stopped at its duration bound continues as the next chunk: a new slice right after
   * this one, over the same window, that resumes where the read stopped.
   */
  private Uni<Void> continueRead(Slice chunk, JobObject jobObject, SliceExtracted report) {
    if (report.resume() == null) {
      chunk.state = SliceState.FAILED;
      chunk.error = "The extractor stopped a read part-way without saying where to resume";
      return Uni.createFrom().voidItem();
    }
    return Slice.<Slice>list("jobObjectId = ?1 and ordinal > ?2", jobObject.id, chunk.ordinal)
        .chain(
            later -> {
              later.forEach(s -> s.ordinal++);
              Slice next = Slice.continuing(chunk, SliceResume.encode(report.resume()));
              jobObject.slicesTotal++;
              return next.persist();
            })
        .chain(() -> Panache.getSession().chain(session -> session.flush()));
  }

  private Uni<Void> logSliceEnd(Job job, Slice slice, Severity severity) {
    return activity.record(
        ActivityLog.SYSTEM_ACTOR,
        severity,
        "slice." + slice.state.name().toLowerCase(),
        job.pipelineId,
        slice.object + ": " + slice.error);
  }

  // ---- BatchLoaded -----------------------------------------------------------------------------

  @WithTransaction
  Uni<Applied> applyBatchLoaded(BatchLoaded report) {
    return lockedJob(report.jobId())
        .chain(
            job -> {
              if (job == null) {
                return Uni.createFrom().item(Applied.IGNORED);
              }
              return DeletionSweepRecord.<DeletionSweepRecord>findById(report.batchId())
                  .chain(
                      sweep ->
                          sweep != null
                              ? sweepDone(job, sweep, report)
                              : batchOfSlice(job, report));
            });
  }

  private Uni<Applied> batchOfSlice(Job job, BatchLoaded report) {
    if (!job.status.isActive()) {
      LOG.debugf(
          "Batch %s belongs to job %s, which ended %s", report.batchId(), job.id, job.status);
      return Uni.createFrom().item(Applied.IGNORED);
    }
    return LoadedBatch.<LoadedBatch>findById(report.batchId())
        .chain(
            known -> {
              if (known != null) {
                LOG.debugf("Batch %s was already counted", report.batchId());
                return Uni.createFrom().nullItem();
              }
              return slice(job, report.commandId());
            })
        .chain(
            found -> {
              if (found == null) {
                return Uni.createFrom().item(Applied.IGNORED);
              }
              return report.isRefusal()
                  ? refusal(job, found.slice(), report)
                  : loaded(job, found.slice(), report);
            });
  }

  /** The loader gave up on a batch: the slice cannot be done, so it fails, or defers. */
  private Uni<Applied> refusal(Job job, Slice slice, BatchLoaded report) {
    job.lastProgressAt = clock.instant();
    if (report.attempt() != slice.attempt || slice.state.isFinished()) {
      LOG.infof(
          "Batch %s of %s (run %d) was refused, but slice %s is %s in run %d: %s",
          report.batchId(),
          report.object(),
          report.attempt(),
          slice.id,
          slice.state,
          slice.attempt,
          report.error());
      return Uni.createFrom().item(Applied.IGNORED);
    }
    boolean wasIssued = slice.state == SliceState.ISSUED;
    boolean temporary = report.refusal() == Refusal.TEMPORARY;
    slice.state = temporary ? SliceState.DEFERRED : SliceState.FAILED;
    slice.leaseExpiresAt = null;
    slice.error =
        (temporary ? "Loading " : "The loader could not load a batch of ")
            + report.object()
            + (temporary ? " was put off: " : ": ")
            + report.error();
    return logSliceEnd(job, slice, temporary ? Severity.WARNING : Severity.ERROR)
        .chain(() -> settle(job, wasIssued));
  }

  private Uni<Applied> loaded(Job job, Slice slice, BatchLoaded report) {
    Instant now = clock.instant();
    job.lastProgressAt = now;
    boolean current = report.attempt() == slice.attempt && !slice.state.isFinished();
    if (current && slice.state == SliceState.ISSUED) {
      // A loaded batch also shows the read is alive.
      Instant renewed = now.plus(config.dispatch().readLease());
      if (slice.leaseExpiresAt == null || slice.leaseExpiresAt.isBefore(renewed)) {
        slice.leaseExpiresAt = renewed;
      }
    }
    if (current && report.readId() != null && report.readId().equals(slice.readId)) {
      slice.batchesLoaded++;
      slice.leaseExpiresAt = now.plus(config.dispatch().loadLease());
      if (slice.state == SliceState.EXTRACTED && slice.batchesLoaded >= slice.batchesExpected) {
        slice.state = SliceState.DONE;
      }
    }
    List<FailedRecord> failures = failedRecords(job, report, now);
    return LoadedBatch.of(slice, report)
        .persist()
        .chain(() -> EntityLists.persist(failures))
        .chain(() -> schemaChanges(job, report))
        .chain(
            () ->
                JobObject.find("jobId = ?1 and object = ?2", job.id, report.object())
                    .<JobObject>firstResult())
        .chain(
            jobObject -> {
              if (jobObject != null) {
                jobObject.rowsLoaded += report.rowsUpserted();
                jobObject.recordsFailed += failures.size();
              }
              return settle(job, false);
            });
  }

  private static List<FailedRecord> failedRecords(Job job, BatchLoaded report, Instant now) {
    if (report.failures() == null) {
      return List.of();
    }
    return report.failures().stream()
        .map(
            failure -> {
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
              record.extractedAt = report.extractedAt();
              return record;
            })
        .toList();
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

  private Uni<Applied> sweepDone(Job job, DeletionSweepRecord sweep, BatchLoaded report) {
    if (sweep.state == DeletionSweepRecord.State.DONE) {
      return Uni.createFrom().item(Applied.IGNORED);
    }
    sweep.state = DeletionSweepRecord.State.DONE;
    sweep.rowsMarkedDeleted = report.rowsMarkedDeleted();
    return JobObject.<JobObject>findById(sweep.jobObjectId)
        .invoke(jobObject -> jobObject.rowsMarkedDeleted += report.rowsMarkedDeleted())
        .chain(
            () ->
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

  /** Full reads with more failed records than a sweep keeps mark no deletions this run. */
  private Uni<Void> sweepsSkipped(Job job, List<JobObject> fullReads) {
    int most = config.failedRecords().maxKeptBySweep();
    List<String> skipped =
        fullReads.stream()
            .filter(o -> o.recordsFailed > most)
            .map(o -> o.object + " (" + o.recordsFailed + " records failed)")
            .toList();
    if (skipped.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return activity.record(
        ActivityLog.SYSTEM_ACTOR,
        Severity.WARNING,
        "sweep.skipped",
        job.pipelineId,
        "No deletions marked this run for "
            + String.join(", ", skipped)
            + ": more failed records than the "
            + most
            + " a sweep keeps");
  }

  // ---- the job ---------------------------------------------------------------------------------

  private record JobAndSlice(Job job, Slice slice) {}

  private record JobState(
      List<JobObject> jobObjects, List<Slice> slices, List<PipelineObject> pipelineObjects) {}

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

  private Uni<Job> lockedActiveJob(UUID jobId) {
    return lockedJob(jobId)
        .map(
            job -> {
              if (job != null && !job.status.isActive()) {
                LOG.debugf("Ignoring progress for job %s, which ended %s", jobId, job.status);
                return null;
              }
              return job;
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

  /**
   * Re-derives the job from its slices; owes a sweep for every full read that just succeeded.
   *
   * @param capacityChanged whether this report may have freed room for more slices
   */
  private Uni<Applied> settle(Job job, boolean capacityChanged) {
    // One session runs one query at a time: the three reads are chained, not combined.
    return JobObject.<JobObject>list("jobId", job.id)
        .chain(
            jobObjects ->
                Slice.<Slice>list("jobId", job.id)
                    .chain(
                        slices ->
                            PipelineObject.<PipelineObject>list("pipelineId", job.pipelineId)
                                .map(objects -> new JobState(jobObjects, slices, objects))))
        .chain(
            state -> {
              Instant now = clock.instant();
              JobSettlement.Outcome outcome =
                  JobSettlement.settle(
                      job, state.jobObjects(), state.slices(), state.pipelineObjects(), now);
              // Every batch of these full reads is loaded: their failed records are known, and the
              // sweep keeps their rows (docs/adr/0007).
              List<JobObject> fullReads =
                  outcome.newlySucceeded().stream().filter(o -> o.kind == SyncKind.FULL).toList();
              List<DeletionSweepRecord> sweeps =
                  fullReads.stream()
                      .filter(o -> o.recordsFailed <= config.failedRecords().maxKeptBySweep())
                      .map(o -> DeletionSweepRecord.owedBy(job, o, now))
                      .toList();
              Applied applied =
                  new Applied(job.id, capacityChanged, outcome.jobFinished(), !sweeps.isEmpty());
              return EntityLists.persist(sweeps)
                  .chain(() -> sweepsSkipped(job, fullReads))
                  .replaceWith(applied);
            });
  }
}
