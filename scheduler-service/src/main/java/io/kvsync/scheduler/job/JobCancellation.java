package io.kvsync.scheduler.job;

import io.kvsync.common.contract.RunCancelled;
import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.pipeline.ObjectStatus;
import io.kvsync.scheduler.pipeline.PipelineObject;
import io.kvsync.scheduler.rest.ApiProblem;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Ends an active run at once. Cursors keep what loaded work already put there and nothing more;
 * extractors and loaders are told to drop the run's work still in flight, and whatever of it still
 * reports is ignored (the job is no longer active). The next run plans from the cursors.
 */
@ApplicationScoped
public class JobCancellation {

  private static final Logger LOG = Logger.getLogger(JobCancellation.class);

  @Inject Clock clock;
  @Inject CommandSink sink;
  @Inject JobEvents events;
  @Inject ActivityLog activity;

  public Uni<Job> cancel(UUID jobId, String actor) {
    return markCancelled(jobId, actor)
        .call(job -> events.jobFinished(job.id))
        .call(
            job ->
                sink.publish(
                        new RunCancelled(
                            RunCancelled.SCHEMA_VERSION, job.id, job.pipelineId, job.finishedAt))
                    .onFailure()
                    .invoke(
                        failure ->
                            LOG.warnf(
                                "Telling workers that job %s is cancelled failed; its remaining"
                                    + " work runs out and is ignored: %s",
                                job.id, failure.toString()))
                    .onFailure()
                    .recoverWithNull());
  }

  @WithTransaction
  Uni<Job> markCancelled(UUID jobId, String actor) {
    return Job.<Job>findById(jobId, LockModeType.PESSIMISTIC_WRITE)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("job", jobId))
        .chain(
            job -> {
              if (!job.status.isActive()) {
                throw ApiProblem.conflict(
                    null, "Job " + jobId + " already ended " + job.status + "; nothing to cancel");
              }
              Instant now = clock.instant();
              job.status = JobStatus.CANCELLED;
              job.finishedAt = now;
              job.error = "Cancelled by " + actor;
              return JobObject.<JobObject>list("jobId", jobId)
                  .chain(objects -> cancelObjects(job, objects))
                  .chain(
                      () ->
                          Slice.update(
                              "state = ?1, leaseExpiresAt = null where jobId = ?2 and state in ?3",
                              SliceState.CANCELLED,
                              jobId,
                              Set.of(SliceState.PENDING, SliceState.ISSUED, SliceState.EXTRACTED)))
                  .chain(
                      () -> activity.info(actor, "job.cancelled", job.pipelineId, "job " + jobId))
                  .replaceWith(job);
            });
  }

  /** Unfinished objects end CANCELLED and go back to waiting for the next run. */
  private static Uni<Void> cancelObjects(Job job, java.util.List<JobObject> objects) {
    Set<String> unfinished =
        objects.stream()
            .filter(o -> !o.status.isFinished())
            .peek(
                o -> {
                  o.status = JobObjectStatus.CANCELLED;
                  o.error = job.error;
                })
            .map(o -> o.object)
            .collect(Collectors.toSet());
    if (unfinished.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return PipelineObject.<PipelineObject>list(
            "pipelineId = ?1 and object in ?2", job.pipelineId, unfinished)
        .invoke(
            pipelineObjects ->
                pipelineObjects.stream()
                    .filter(PipelineObject::isRunnable)
                    .forEach(
                        o ->
                            o.status =
                                o.historicalDone ? ObjectStatus.ACTIVE : ObjectStatus.QUEUED))
        .replaceWithVoid();
  }
}
