package io.kvsync.scheduler.job;

import io.kvsync.scheduler.activity.ActivityEntry.Severity;
import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * No slice waits for ever. A slice whose lease ran out is issued again as its next run, up to
 * {@code kvsync.dispatch.max-attempts} runs; then it fails, naming what went silent. An issued
 * slice's lease is renewed by heartbeats and loaded batches; a read slice waiting on its batches
 * lives as long as its job keeps loading anything.
 */
@ApplicationScoped
public class LeaseExpiry {

  /** The jobs whose slices went back to pending, and those with a slice that failed for good. */
  public record Expired(Set<UUID> reissuedJobs, Set<UUID> failedJobs) {}

  @Inject SchedulerConfig config;
  @Inject ActivityLog activity;

  /** Runs within the caller's transaction; locks the jobs it changes, as reports do. */
  public Uni<Expired> expire(Instant now) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createSelectionQuery(
                        "select distinct s.jobId from Slice s where s.state in ?1"
                            + " and s.leaseExpiresAt < ?2",
                        UUID.class)
                    .setParameter(1, List.of(SliceState.ISSUED, SliceState.EXTRACTED))
                    .setParameter(2, now)
                    .getResultList())
        .chain(
            jobIds -> {
              if (jobIds.isEmpty()) {
                return Uni.createFrom().item(new Expired(Set.of(), Set.of()));
              }
              return Job.<Job>find("id in ?1 order by id", jobIds)
                  .withLock(LockModeType.PESSIMISTIC_WRITE)
                  .list()
                  .chain(jobs -> expireSlicesOf(jobs, now));
            });
  }

  private Uni<Expired> expireSlicesOf(List<Job> jobs, Instant now) {
    Map<UUID, Job> active =
        jobs.stream()
            .filter(j -> j.status.isActive())
            .collect(Collectors.toMap(j -> j.id, Function.identity()));
    if (active.isEmpty()) {
      return Uni.createFrom().item(new Expired(Set.of(), Set.of()));
    }
    return Slice.<Slice>list(
            "jobId in ?1 and state in ?2 and leaseExpiresAt < ?3",
            List.copyOf(active.keySet()),
            List.of(SliceState.ISSUED, SliceState.EXTRACTED),
            now)
        .chain(
            slices -> {
              Set<UUID> reissued = new LinkedHashSet<>();
              Set<UUID> failed = new LinkedHashSet<>();
              List<Uni<Void>> entries = new ArrayList<>();
              for (Slice slice : slices) {
                Job job = active.get(slice.jobId);
                if (isStillLoading(slice, job, now)) {
                  slice.leaseExpiresAt = job.lastProgressAt.plus(config.dispatch().loadLease());
                  continue;
                }
                String cause = silenceOf(slice);
                // A replayed batch cannot be read again: its records exist only in the report.
                if (slice.attempt >= config.dispatch().maxAttempts()
                    || job.trigger == JobTrigger.REPLAY) {
                  slice.state = SliceState.FAILED;
                  slice.leaseExpiresAt = null;
                  slice.error =
                      "No progress in " + slice.attempt + " runs of this slice; the last: " + cause;
                  failed.add(job.id);
                  entries.add(log(job, Severity.ERROR, "slice.failed", slice, slice.error));
                } else {
                  slice.reissue();
                  reissued.add(job.id);
                  entries.add(
                      log(
                          job,
                          Severity.WARNING,
                          "slice.reissued",
                          slice,
                          cause + "; issued again as run " + slice.attempt));
                }
              }
              return Multi.createFrom()
                  .iterable(entries)
                  .onItem()
                  .transformToUniAndConcatenate(Function.identity())
                  .collect()
                  .last()
                  .replaceWith(new Expired(reissued, failed));
            });
  }

  /** A read slice waiting on batches while its job still loads others: a backlog, not a loss. */
  private boolean isStillLoading(Slice slice, Job job, Instant now) {
    Duration loadLease = config.dispatch().loadLease();
    return slice.state == SliceState.EXTRACTED
        && job.lastProgressAt != null
        && job.lastProgressAt.plus(loadLease).isAfter(now);
  }

  /** What went silent, in words a person can act on. */
  private String silenceOf(Slice slice) {
    if (slice.state == SliceState.EXTRACTED) {
      int missing =
          (slice.batchesExpected == null ? 0 : slice.batchesExpected) - slice.batchesLoaded;
      return missing
          + " of "
          + slice.batchesExpected
          + " batches were never reported loaded within "
          + config.dispatch().loadLease()
          + " (look in loader.batches.dlq and scheduler.progress.dlq)";
    }
    if (slice.heartbeatAt == null) {
      return "no extractor started it within "
          + config.dispatch().lease()
          + " (are extractors running and consuming extractor.commands?)";
    }
    return "its extractor stopped reporting after " + slice.heartbeatAt;
  }

  private Uni<Void> log(Job job, Severity severity, String action, Slice slice, String detail) {
    return activity.record(
        ActivityLog.SYSTEM_ACTOR,
        severity,
        action,
        job.pipelineId,
        slice.object + " slice " + slice.id + ": " + detail);
  }
}
