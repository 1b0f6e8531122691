package io.kvsync.scheduler.job;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.pipeline.PipelineObject;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
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
  record Applied(UUID jobId, boolean sliceFinished, boolean jobFinished) {
    static final Applied IGNORED = new Applied(null, false, false);
  }

  @Inject Clock clock;
  @Inject SchedulerConfig config;
  @Inject SliceDispatcher dispatcher;
  @Inject JobEvents events;

  public Uni<Void> sliceExtracted(SliceExtracted report) {
    return applySliceExtracted(report).flatMap(this::followUp);
  }

  public Uni<Void> batchLoaded(BatchLoaded report) {
    return applyBatchLoaded(report).flatMap(this::followUp);
  }

  private Uni<Void> followUp(Applied applied) {
    if (applied.jobFinished()) {
      return events.jobFinished(applied.jobId());
    }
    if (applied.sliceFinished()) {
      return dispatcher.dispatch(applied.jobId());
    }
    return Uni.createFrom().voidItem();
  }

  @WithTransaction
  Uni<Applied> applySliceExtracted(SliceExtracted report) {
    return lockedJobAndSlice(report.jobId(), report.commandId())
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
              return JobObject.<JobObject>findById(slice.jobObjectId)
                  .flatMap(
                      jobObject -> {
                        jobObject.recordsExtracted += report.records();
                        return settle(found.job());
                      });
            });
  }

  @WithTransaction
  Uni<Applied> applyBatchLoaded(BatchLoaded report) {
    return lockedJobAndSlice(report.jobId(), report.commandId())
        .flatMap(
            found -> {
              if (found == null) {
                return Uni.createFrom().item(Applied.IGNORED);
              }
              return LoadedBatch.<LoadedBatch>findById(report.batchId())
                  .flatMap(
                      known -> {
                        if (known != null) {
                          LOG.debugf("Batch %s was already counted", report.batchId());
                          return Uni.createFrom().item(Applied.IGNORED);
                        }
                        return recordBatch(found.job(), found.slice(), report);
                      });
            });
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
    int failures = report.failures() == null ? 0 : report.failures().size();
    return batch
        .persist()
        .flatMap(
            ignored ->
                JobObject.find("jobId = ?1 and object = ?2", job.id, report.object())
                    .<JobObject>firstResult())
        .flatMap(
            jobObject -> {
              if (jobObject != null) {
                jobObject.rowsLoaded += report.rowsUpserted();
                jobObject.recordsFailed += failures;
              }
              return settle(job);
            });
  }

  private record JobAndSlice(Job job, Slice slice) {}

  private Uni<JobAndSlice> lockedJobAndSlice(UUID jobId, UUID commandId) {
    if (jobId == null || commandId == null) {
      return Uni.createFrom().nullItem();
    }
    return Job.<Job>findById(jobId, LockModeType.PESSIMISTIC_WRITE)
        .flatMap(
            job -> {
              if (job == null) {
                LOG.debugf("Ignoring progress for unknown job %s", jobId);
                return Uni.createFrom().nullItem();
              }
              return Slice.<Slice>findById(commandId)
                  .map(
                      slice -> {
                        if (slice == null || !slice.jobId.equals(jobId)) {
                          LOG.debugf("Ignoring progress for unknown command %s", commandId);
                          return null;
                        }
                        return new JobAndSlice(job, slice);
                      });
            });
  }

  private Uni<Applied> settle(Job job) {
    return JobObject.<JobObject>list("jobId", job.id)
        .flatMap(
            jobObjects ->
                Slice.<Slice>list("jobId", job.id)
                    .flatMap(
                        slices ->
                            PipelineObject.<PipelineObject>list("pipelineId", job.pipelineId)
                                .map(
                                    pipelineObjects -> {
                                      JobSettlement.Outcome outcome =
                                          JobSettlement.settle(
                                              job,
                                              jobObjects,
                                              slices,
                                              pipelineObjects,
                                              clock.instant());
                                      boolean anyFinished =
                                          slices.stream().anyMatch(s -> s.state.isFinished());
                                      return new Applied(
                                          job.id, anyFinished, outcome.jobFinished());
                                    })));
  }
}
