package io.kvsync.scheduler.job;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.common.contract.SyncKind;
import io.kvsync.scheduler.activity.ActivityEntry.Severity;
import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.pipeline.ObjectStatus;
import io.kvsync.scheduler.pipeline.Pipeline;
import io.kvsync.scheduler.pipeline.PipelineObject;
import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.security.CurrentCaller;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Starts runs of pipelines: a job, its job objects and their slices, then hands out slices. */
@ApplicationScoped
public class JobLauncher {

  private static final Logger LOG = Logger.getLogger(JobLauncher.class);

  /** What a launch request got: a new job, or the one already running. */
  public record Launch(Job job, boolean created) {}

  @Inject Clock clock;
  @Inject SchedulerConfig config;
  @Inject SliceDispatcher dispatcher;
  @Inject ActivityLog activity;
  @Inject CurrentCaller caller;

  /**
   * Starts a run of the pipeline unless one is active, in which case that run is returned and
   * nothing changes. Never touches the pipeline's schedule.
   */
  public Uni<Launch> launch(UUID pipelineId, JobTrigger trigger) {
    return createJob(pipelineId, trigger)
        .call(
            launch ->
                launch.created()
                    ? dispatcher.dispatch(launch.job().id)
                    : Uni.createFrom().voidItem())
        .flatMap(
            launch -> dispatcher.reload(launch.job().id).map(j -> new Launch(j, launch.created())));
  }

  /**
   * Starts a run of the pipeline's objects that users queued (restart, Change Position), unless a
   * run is active: the queued objects then wait for the next chance. Never shifts the schedule.
   */
  public Uni<Void> launchRequested(UUID pipelineId) {
    return createJob(pipelineId, JobTrigger.OBJECT_REQUEST)
        .flatMap(
            launch ->
                launch != null && launch.created()
                    ? dispatcher.dispatch(launch.job().id)
                    : Uni.createFrom().voidItem());
  }

  /**
   * Creates the job, within the caller's transaction when there is one (the scheduling tick), so
   * that the decision and the job commit together.
   *
   * @return the new or the active job; null for {@link JobTrigger#OBJECT_REQUEST} with nothing
   *     queued
   */
  @WithTransaction
  public Uni<Launch> createJob(UUID pipelineId, JobTrigger trigger) {
    // The pipeline row lock makes concurrent launches of one pipeline queue behind each other.
    return Pipeline.<Pipeline>findById(pipelineId, LockModeType.PESSIMISTIC_WRITE)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("pipeline", pipelineId))
        .flatMap(
            pipeline ->
                activeJob(pipelineId)
                    .flatMap(
                        active -> {
                          if (active.isPresent()) {
                            return Uni.createFrom().item(new Launch(active.get(), false));
                          }
                          if (trigger == JobTrigger.SCHEDULE && !isDue(pipeline)) {
                            // Another replica's tick launched it meanwhile.
                            return Uni.createFrom().nullItem();
                          }
                          return PipelineObject.<PipelineObject>list("pipelineId", pipelineId)
                              .flatMap(objects -> plan(pipeline, objects, trigger))
                              .call(job -> runRequested(job, trigger))
                              .map(job -> job == null ? null : new Launch(job, true));
                        }));
  }

  /** A run a user asked for is theirs in the activity log; the schedule's are the scheduler's. */
  private Uni<Void> runRequested(Job job, JobTrigger trigger) {
    if (job == null || trigger != JobTrigger.RUN_NOW) {
      return Uni.createFrom().voidItem();
    }
    return activity.info(caller.name(), "job.run_requested", job.pipelineId, "job " + job.id);
  }

  private boolean isDue(Pipeline pipeline) {
    return pipeline.status == Pipeline.Status.ACTIVE
        && pipeline.nextRunAt != null
        && !pipeline.nextRunAt.isAfter(clock.instant());
  }

  /**
   * Records that planning a run of the pipeline failed, in a transaction of its own, so that one
   * pipeline's bad state never stops the tick for the others: a FAILED job says why, the schedule
   * moves on to the next interval and queued objects are un-queued (a user queues them again).
   */
  @WithTransaction
  public Uni<Job> planningFailed(UUID pipelineId, JobTrigger trigger, Throwable failure) {
    return Pipeline.<Pipeline>findById(pipelineId, LockModeType.PESSIMISTIC_WRITE)
        .flatMap(
            pipeline -> {
              if (pipeline == null) {
                return Uni.createFrom().nullItem();
              }
              Instant now = clock.instant();
              if (trigger == JobTrigger.SCHEDULE) {
                pipeline.nextRunAt = nextRunOrLater(pipeline, now);
              }
              Job job = new Job();
              job.id = UUID.randomUUID();
              job.pipelineId = pipelineId;
              job.trigger = trigger;
              job.status = JobStatus.FAILED;
              job.createdAt = now;
              job.startedAt = now;
              job.finishedAt = now;
              job.error = "The run could not be planned: " + failure.getMessage();
              return PipelineObject.update(
                      "requestedAt = null where pipelineId = ?1 and requestedAt is not null",
                      pipelineId)
                  .flatMap(ignored -> job.persist())
                  .flatMap(
                      ignored ->
                          activity.record(
                              ActivityLog.SYSTEM_ACTOR,
                              Severity.ERROR,
                              "job.planning_failed",
                              pipelineId,
                              job.error
                                  + (trigger == JobTrigger.SCHEDULE
                                      ? "; the next scheduled run is at " + pipeline.nextRunAt
                                      : "")))
                  .replaceWith(job);
            });
  }

  /** The next run after a failed plan; a frequency that cannot be read falls back to a day. */
  private static Instant nextRunOrLater(Pipeline pipeline, Instant now) {
    try {
      return nextRun(pipeline, now);
    } catch (RuntimeException e) {
      return now.plus(java.time.Duration.ofDays(1));
    }
  }

  static Uni<Optional<Job>> activeJob(UUID pipelineId) {
    return Job.<Job>find(
            "pipelineId = ?1 and status in ?2",
            pipelineId,
            List.of(JobStatus.QUEUED, JobStatus.RUNNING))
        .firstResult()
        .map(Optional::ofNullable);
  }

  private Uni<Job> plan(Pipeline pipeline, List<PipelineObject> all, JobTrigger trigger) {
    Instant now = clock.instant();
    List<PipelineObject> objects = all;
    if (trigger == JobTrigger.OBJECT_REQUEST) {
      java.util.Set<String> requested =
          all.stream()
              .filter(o -> o.requestedAt != null)
              .map(o -> o.object)
              .collect(java.util.stream.Collectors.toSet());
      if (requested.isEmpty()) {
        return Uni.createFrom().nullItem();
      }
      // Tables derived from a queued object come along: they are read by the same requests.
      objects =
          all.stream()
              .filter(
                  o ->
                      requested.contains(o.object)
                          || ObjectCatalogue.find(o.object)
                              .map(d -> requested.contains(d.plan().derivedFrom()))
                              .orElse(false))
              .toList();
    }
    if (trigger == JobTrigger.SCHEDULE) {
      pipeline.nextRunAt = nextRun(pipeline, now);
    }
    Job job = new Job();
    job.id = UUID.randomUUID();
    job.pipelineId = pipeline.id;
    job.trigger = trigger;
    job.status = JobStatus.QUEUED;
    job.createdAt = now;
    job.startedAt = now;

    SlicePlanner planner =
        new SlicePlanner(
            new HashSet<>(config.slicing().timeBoundObjects()),
            config.slicing().historicalWindow(),
            config.slicing().incrementalLookback());
    List<JobObject> jobObjects = new ArrayList<>();
    List<Slice> slices = new ArrayList<>();
    for (PipelineObject object : objects) {
      if (!object.isRunnable()) {
        continue;
      }
      Optional<ObjectDefinition> found = ObjectCatalogue.find(object.object);
      if (found.isEmpty()) {
        LOG.warnf(
            "Pipeline %s names object %s, which the catalogue no longer has",
            pipeline.id, object.object);
        continue;
      }
      ObjectDefinition definition = found.get();
      List<SlicePlanner.PlannedSlice> planned =
          planner.plan(
              definition,
              object.position,
              object.historicalDone,
              pipeline.historicalSyncDuration,
              now,
              fullReadDue(object, now));
      JobObject jobObject = new JobObject();
      jobObject.id = UUID.randomUUID();
      jobObject.jobId = job.id;
      jobObject.object = definition.table();
      jobObject.derivedFrom = definition.plan().derivedFrom();
      jobObject.kind = planned.isEmpty() ? null : planned.get(0).kind();
      jobObject.status = JobObjectStatus.QUEUED;
      jobObject.slicesTotal = planned.size();
      jobObjects.add(jobObject);
      for (int i = 0; i < planned.size(); i++) {
        slices.add(Slice.planned(jobObject, i, planned.get(i)));
      }
      object.lastRunAt = now;
      object.requestedAt = null;
      object.status = object.historicalDone ? ObjectStatus.ACTIVE : ObjectStatus.HISTORICAL_LOAD;
    }
    // A derived object takes its kind from the object whose responses carry it.
    for (JobObject jobObject : jobObjects) {
      if (jobObject.derivedFrom != null) {
        jobObject.kind =
            jobObjects.stream()
                .filter(o -> o.object.equals(jobObject.derivedFrom))
                .map(o -> o.kind)
                .findFirst()
                .orElse(SyncKind.FULL);
      }
    }
    if (jobObjects.isEmpty()) {
      job.status = JobStatus.SUCCEEDED;
      job.finishedAt = now;
    }
    return job.persist()
        .flatMap(ignored -> EntityLists.persist(jobObjects))
        .flatMap(ignored -> EntityLists.persist(slices))
        .replaceWith(job);
  }

  private boolean fullReadDue(PipelineObject object, Instant now) {
    return fullReadDue(
        object, now, config.schedule().membershipResync(), config.schedule().membershipObjects());
  }

  /**
   * The membership tables are read whole once a week (after their first load) so that profiles that
   * left a list or segment are marked deleted.
   */
  static boolean fullReadDue(
      PipelineObject object, Instant now, java.time.Duration cadence, List<String> resynced) {
    return object.historicalDone
        && resynced.contains(object.object)
        && (object.lastFullSyncAt == null || !object.lastFullSyncAt.plus(cadence).isAfter(now));
  }

  /** Keeps the cadence; after a long outage, the next run is one interval from now. */
  static Instant nextRun(Pipeline pipeline, Instant now) {
    java.time.Duration every = java.time.Duration.parse(pipeline.frequency);
    Instant next = (pipeline.nextRunAt == null ? now : pipeline.nextRunAt).plus(every);
    return next.isAfter(now) ? next : now.plus(every);
  }
}
