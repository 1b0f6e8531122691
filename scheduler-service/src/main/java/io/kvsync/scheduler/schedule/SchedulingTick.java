package io.kvsync.scheduler.schedule;

import io.kvsync.scheduler.activity.ActivityEntry.Severity;
import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.job.DeletionSweepRecord;
import io.kvsync.scheduler.job.Job;
import io.kvsync.scheduler.job.JobEvents;
import io.kvsync.scheduler.job.JobLauncher;
import io.kvsync.scheduler.job.JobTrigger;
import io.kvsync.scheduler.job.Slice;
import io.kvsync.scheduler.job.SliceDispatcher;
import io.kvsync.scheduler.job.SliceState;
import io.kvsync.scheduler.observability.SchedulerMetrics;
import io.kvsync.scheduler.pipeline.Pipeline;
import io.kvsync.scheduler.pipeline.PipelineObject;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The scheduling tick: starts due runs and queued objects, re-issues slices whose lease expired,
 * retries owed deletion sweeps, refreshes freshness gauges. Guarded by a PostgreSQL advisory lock
 * held for the tick's transaction, so exactly one replica decides at a time; the decisions commit
 * together with the lock's release.
 */
@ApplicationScoped
// Kept although only the scheduler calls it here: tests drive the tick through injection.
@io.quarkus.arc.Unremovable
public class SchedulingTick {

  private static final Logger LOG = Logger.getLogger(SchedulingTick.class);

  /** The advisory lock key: any constant all replicas share ("kvsync" in ASCII). */
  static final long ADVISORY_LOCK_KEY = 0x6b7673796e63L;

  /** What one tick decided, to act on after its commit. */
  public record Decisions(boolean leader, Set<UUID> jobsToDispatch, Set<UUID> jobsWithSweeps) {
    static final Decisions FOLLOWER = new Decisions(false, Set.of(), Set.of());
  }

  @Inject Clock clock;
  @Inject SchedulerConfig config;
  @Inject JobLauncher launcher;
  @Inject SliceDispatcher dispatcher;
  @Inject JobEvents events;
  @Inject ActivityLog activity;
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
        .call(
            decisions ->
                Multi.createFrom()
                    .iterable(decisions.jobsWithSweeps())
                    .onItem()
                    .transformToUniAndConcatenate(events::publishSweeps)
                    .collect()
                    .last())
        .call(
            decisions ->
                Multi.createFrom()
                    .iterable(decisions.jobsToDispatch())
                    .onItem()
                    .transformToUniAndConcatenate(dispatcher::dispatch)
                    .collect()
                    .last());
  }

  @WithTransaction
  Uni<Decisions> decide() {
    return Panache.getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery("SELECT pg_try_advisory_xact_lock(:key)", Boolean.class)
                    .setParameter("key", ADVISORY_LOCK_KEY)
                    .getSingleResult())
        .flatMap(
            leader -> {
              if (!leader) {
                return Uni.createFrom().item(Decisions.FOLLOWER);
              }
              Instant now = clock.instant();
              Set<UUID> dispatch = new LinkedHashSet<>();
              Set<UUID> sweeps = new LinkedHashSet<>();
              return reissueLostSlices(now, dispatch)
                  .flatMap(ignored -> launchDue(now, dispatch))
                  .flatMap(ignored -> launchRequested(dispatch))
                  .flatMap(ignored -> owedSweeps(now, sweeps))
                  .flatMap(ignored -> refreshGauges(now))
                  .replaceWith(() -> new Decisions(true, dispatch, sweeps));
            });
  }

  private Uni<Void> launchDue(Instant now, Set<UUID> dispatch) {
    return Pipeline.<Pipeline>list("status = ?1 and nextRunAt <= ?2", Pipeline.Status.ACTIVE, now)
        .flatMap(
            due -> launchEach(due.stream().map(p -> p.id).toList(), JobTrigger.SCHEDULE, dispatch));
  }

  private Uni<Void> launchRequested(Set<UUID> dispatch) {
    return PipelineObject.<PipelineObject>list("requestedAt is not null")
        .flatMap(
            requested ->
                launchEach(
                    requested.stream().map(o -> o.pipelineId).distinct().toList(),
                    JobTrigger.OBJECT_REQUEST,
                    dispatch));
  }

  private Uni<Void> launchEach(List<UUID> pipelineIds, JobTrigger trigger, Set<UUID> dispatch) {
    return Multi.createFrom()
        .iterable(pipelineIds)
        .onItem()
        .transformToUniAndConcatenate(
            id ->
                launcher
                    .createJob(id, trigger)
                    .invoke(
                        launch -> {
                          if (launch != null && launch.created()) {
                            dispatch.add(launch.job().id);
                          }
                        }))
        .collect()
        .last()
        .replaceWithVoid();
  }

  /** Slices whose extractor went silent past the lease are issued again, as a new attempt. */
  private Uni<Void> reissueLostSlices(Instant now, Set<UUID> dispatch) {
    return Slice.<Slice>list("state = ?1 and leaseExpiresAt < ?2", SliceState.ISSUED, now)
        .flatMap(
            lost -> {
              List<Uni<Void>> logged = new ArrayList<>();
              for (Slice slice : lost) {
                slice.attempt++;
                slice.state = SliceState.PENDING;
                slice.batchesExpected = null;
                slice.batchesLoaded = 0;
                slice.leaseExpiresAt = null;
                dispatch.add(slice.jobId);
              }
              if (lost.isEmpty()) {
                return Uni.createFrom().voidItem();
              }
              return Job.<Job>list("id in ?1", lost.stream().map(s -> s.jobId).distinct().toList())
                  .flatMap(
                      jobs -> {
                        Map<UUID, UUID> pipelineOf = new HashMap<>();
                        jobs.forEach(j -> pipelineOf.put(j.id, j.pipelineId));
                        for (Slice slice : lost) {
                          logged.add(
                              activity.record(
                                  ActivityLog.SYSTEM_ACTOR,
                                  Severity.WARNING,
                                  "slice.reissued",
                                  pipelineOf.get(slice.jobId),
                                  slice.object
                                      + " slice "
                                      + slice.id
                                      + " showed no progress within its lease; issued again as"
                                      + " attempt "
                                      + slice.attempt));
                        }
                        return Multi.createFrom()
                            .iterable(logged)
                            .onItem()
                            .transformToUniAndConcatenate(u -> u)
                            .collect()
                            .last()
                            .replaceWithVoid();
                      });
            });
  }

  /** Sweeps still unpublished a while after they were owed (their publish failed). */
  private Uni<Void> owedSweeps(Instant now, Set<UUID> sweeps) {
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
        .flatMap(ignored -> Pipeline.<Pipeline>listAll())
        .flatMap(
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
