package io.kvsync.scheduler.schedule;

import io.kvsync.scheduler.job.DeletionSweepRecord;
import io.kvsync.scheduler.job.JobEvents;
import io.kvsync.scheduler.job.JobLauncher;
import io.kvsync.scheduler.job.JobTrigger;
import io.kvsync.scheduler.job.LeaseExpiry;
import io.kvsync.scheduler.job.ProgressTracker;
import io.kvsync.scheduler.job.Slice;
import io.kvsync.scheduler.job.SliceDispatcher;
import io.kvsync.scheduler.job.SliceState;
import io.kvsync.scheduler.observability.SchedulerMetrics;
import io.kvsync.scheduler.pipeline.Pipeline;
import io.kvsync.scheduler.pipeline.PipelineObject;
import io.quarkus.arc.Unremovable;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The scheduling tick. Under a PostgreSQL advisory lock held for one short transaction (so exactly
 * one replica decides at a time) it expires leases, finds due and queued pipelines, owed sweeps,
 * and refreshes freshness gauges. After that commit, each pipeline is launched in a transaction of
 * its own: a pipeline whose planning fails gets a FAILED job saying why, and the others are not
 * held up by it.
 */
@ApplicationScoped
// Kept although only the scheduler calls it here: tests drive the tick through injection.
@Unremovable
public class SchedulingTick {

  private static final Logger LOG = Logger.getLogger(SchedulingTick.class);

  /** The advisory lock key: any constant all replicas share ("kvsync" in ASCII). */
  static final long ADVISORY_LOCK_KEY = 0x6b7673796e63L;

  /** What one tick decided under the lock, to act on after its commit. */
  public record Decisions(
      boolean leader,
      Set<UUID> jobsToDispatch,
      Set<UUID> jobsToSettle,
      Set<UUID> jobsWithSweeps,
      List<UUID> duePipelines,
      List<UUID> requestedPipelines) {
    static final Decisions FOLLOWER =
        new Decisions(false, Set.of(), Set.of(), Set.of(), List.of(), List.of());
  }

  @Inject Clock clock;
  @Inject JobLauncher launcher;
  @Inject SliceDispatcher dispatcher;
  @Inject ProgressTracker tracker;
  @Inject LeaseExpiry leases;
  @Inject JobEvents events;
  @Inject SchedulerMetrics metrics;

  @Scheduled(
      every = "${kvsync.schedule.tick-interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = ScheduleDisabled.class)
  Uni<Void> scheduled() {
    return tick()
        .onFailure()
        .invoke(failure -> LOG.warnf("Scheduling tick failed; the next one retries: %s", failure))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** One tick; returns what it decided (empty on a replica that did not get the lock). */
  public Uni<Decisions> tick() {
    return decide()
        .call(decisions -> forEach(decisions.jobsToSettle(), tracker::resettle))
        .call(decisions -> forEach(decisions.jobsWithSweeps(), events::publishSweeps))
        .call(decisions -> forEach(decisions.jobsToDispatch(), dispatcher::dispatch))
        .call(decisions -> launchEach(decisions.duePipelines(), JobTrigger.SCHEDULE))
        .call(decisions -> launchEach(decisions.requestedPipelines(), JobTrigger.OBJECT_REQUEST));
  }

  @WithTransaction
  Uni<Decisions> decide() {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery("SELECT pg_try_advisory_xact_lock(:key)", Boolean.class)
                    .setParameter("key", ADVISORY_LOCK_KEY)
                    .getSingleResult())
        .chain(leader -> leader ? decideAsLeader() : Uni.createFrom().item(Decisions.FOLLOWER));
  }

  private Uni<Decisions> decideAsLeader() {
    Instant now = clock.instant();
    Set<UUID> sweeps = new LinkedHashSet<>();
    return leases
        .expire(now)
        .chain(
            expired ->
                owedSweeps(now, sweeps)
                    .chain(() -> refreshGauges(now))
                    .chain(() -> duePipelines(now))
                    .chain(
                        due ->
                            requestedPipelines()
                                .map(
                                    requested ->
                                        new Decisions(
                                            true,
                                            expired.reissuedJobs(),
                                            expired.failedJobs(),
                                            sweeps,
                                            due,
                                            requested))));
  }

  private static Uni<List<UUID>> duePipelines(Instant now) {
    return Pipeline.<Pipeline>list("status = ?1 and nextRunAt <= ?2", Pipeline.Status.ACTIVE, now)
        .map(due -> due.stream().map(p -> p.id).toList());
  }

  private static Uni<List<UUID>> requestedPipelines() {
    return PipelineObject.<PipelineObject>list("requestedAt is not null")
        .map(requested -> requested.stream().map(o -> o.pipelineId).distinct().toList());
  }

  /** Launches each pipeline on its own: a failure is recorded for that pipeline only. */
  private Uni<Void> launchEach(List<UUID> pipelineIds, JobTrigger trigger) {
    return forEach(
        pipelineIds,
        id ->
            launcher
                .createJob(id, trigger)
                .chain(
                    launch ->
                        launch != null && launch.created()
                            ? dispatcher.dispatch(launch.job().id)
                            : Uni.createFrom().voidItem())
                .onFailure()
                .recoverWithUni(failure -> planningFailed(id, trigger, failure)));
  }

  private Uni<Void> planningFailed(UUID pipelineId, JobTrigger trigger, Throwable failure) {
    LOG.errorf(failure, "Planning a %s run of pipeline %s failed", trigger, pipelineId);
    return launcher
        .planningFailed(pipelineId, trigger, failure)
        .replaceWithVoid()
        .onFailure()
        .invoke(
            again ->
                LOG.errorf(
                    "Recording the failed plan of pipeline %s failed too; the next tick tries"
                        + " again: %s",
                    pipelineId, again.toString()))
        .onFailure()
        .recoverWithNull();
  }

  /**
   * Runs {@code action} for every id in turn; one id's failure is logged and never stops the rest.
   */
  private static Uni<Void> forEach(
      java.util.Collection<UUID> ids, Function<UUID, Uni<Void>> action) {
    if (ids.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return Multi.createFrom()
        .iterable(ids)
        .onItem()
        .transformToUniAndConcatenate(
            id ->
                action
                    .apply(id)
                    .onFailure()
                    .invoke(f -> LOG.warnf("Tick step for %s failed: %s", id, f.toString()))
                    .onFailure()
                    .recoverWithNull())
        .collect()
        .last()
        .replaceWithVoid();
  }

  /** Sweeps still unpublished a while after they were owed (their publish failed). */
  private static Uni<Void> owedSweeps(Instant now, Set<UUID> sweeps) {
    return DeletionSweepRecord.<DeletionSweepRecord>list(
            "state = ?1 and createdAt < ?2",
            DeletionSweepRecord.State.PENDING,
            now.minus(Duration.ofMinutes(1)))
        .invoke(owed -> owed.forEach(s -> sweeps.add(s.jobId)))
        .replaceWithVoid();
  }

  private Uni<Void> refreshGauges(Instant now) {
    return Slice.count("state", SliceState.ISSUED)
        .invoke(metrics::slicesInFlight)
        .chain(() -> Pipeline.<Pipeline>listAll())
        .chain(
            pipelines ->
                PipelineObject.<PipelineObject>listAll()
                    .invoke(
                        objects -> {
                          Map<UUID, String> names = new HashMap<>();
                          pipelines.forEach(p -> names.put(p.id, p.name));
                          for (PipelineObject o : objects) {
                            Instant fresh = o.position != null ? o.position : o.lastSuccessAt;
                            if (fresh != null && names.containsKey(o.pipelineId)) {
                              metrics.cursorAge(
                                  names.get(o.pipelineId),
                                  o.object,
                                  Math.max(0, Duration.between(fresh, now).toSeconds()));
                            }
                          }
                        }))
        .replaceWithVoid();
  }
}
