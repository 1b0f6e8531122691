package io.kvsync.scheduler.job;

import io.kvsync.common.contract.CursorWindow;
import io.kvsync.common.contract.RateShares;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.secret.SealedPlace;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.destination.Destination;
import io.kvsync.scheduler.pipeline.Pipeline;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
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
 * Hands pending slices of a job to the extractors, a bounded number at a time. A slice is marked
 * issued (with a lease) before its command is published: a command that is lost, or an extractor
 * that dies with it, shows as an expired lease and the slice is issued again.
 */
@ApplicationScoped
public class SliceDispatcher {

  private static final Logger LOG = Logger.getLogger(SliceDispatcher.class);

  @Inject Clock clock;
  @Inject SchedulerConfig config;
  @Inject SecretCipher cipher;
  @Inject CommandSink sink;
  @Inject KeyRateShares shares;

  /**
   * Issues as many pending slices of the job as its in-flight limit allows. The key's new shares go
   * out before the commands, so the reads already running shrink first (docs/adr/0009).
   */
  public Uni<Void> dispatch(UUID jobId) {
    return claim(jobId)
        .flatMap(
            claimed ->
                claimed.commands().isEmpty()
                    ? Uni.createFrom().voidItem()
                    : shares.announce(claimed.shares()).chain(() -> publish(claimed.commands())));
  }

  private Uni<Void> publish(List<SyncCommand> commands) {
    return Multi.createFrom()
        .iterable(commands)
        .onItem()
        .transformToUniAndConcatenate(
            command ->
                sink.publish(command)
                    .onFailure()
                    .invoke(
                        failure ->
                            LOG.warnf(
                                "Publishing command %s (%s of job %s) failed; its lease"
                                    + " will issue it again: %s",
                                command.commandId(),
                                command.object(),
                                command.jobId(),
                                failure.toString()))
                    .onFailure()
                    .recoverWithNull())
        .collect()
        .last()
        .replaceWithVoid();
  }

  /** The commands of the slices just issued, and the key's shares counting them. */
  record Claim(List<SyncCommand> commands, RateShares shares) {
    static final Claim NOTHING = new Claim(List.of(), null);
  }

  @WithSession
  public Uni<Job> reload(UUID jobId) {
    return Job.findById(jobId);
  }

  @WithTransaction
  Uni<Claim> claim(UUID jobId) {
    return Job.<Job>findById(jobId, LockModeType.PESSIMISTIC_WRITE)
        .flatMap(
            job -> {
              if (job == null || !job.status.isActive()) {
                return Uni.createFrom().item(Claim.NOTHING);
              }
              return Slice.<Slice>list("jobId = ?1 order by ordinal", jobId)
                  .flatMap(slices -> issue(job, slices));
            });
  }

  private Uni<Claim> issue(Job job, List<Slice> slices) {
    long inFlight = slices.stream().filter(s -> s.state == SliceState.ISSUED).count();
    int capacity = (int) Math.max(0, config.dispatch().maxSlicesInFlightPerJob() - inFlight);
    List<Slice> next =
        slices.stream()
            .filter(s -> s.state == SliceState.PENDING)
            .sorted(
                java.util.Comparator.comparingInt((Slice s) -> s.ordinal)
                    .thenComparing(s -> s.object))
            .limit(capacity)
            .toList();
    if (next.isEmpty()) {
      return Uni.createFrom().item(Claim.NOTHING);
    }
    Instant now = clock.instant();
    for (Slice slice : next) {
      slice.state = SliceState.ISSUED;
      slice.issuedAt = now;
      slice.leaseExpiresAt = now.plus(config.dispatch().lease());
    }
    if (job.status == JobStatus.QUEUED) {
      job.status = JobStatus.RUNNING;
    }
    return Pipeline.<Pipeline>findById(job.pipelineId)
        .flatMap(
            pipeline ->
                shares
                    .lockAndCount(shares.fingerprintOf(pipeline))
                    .flatMap(
                        counted ->
                            Destination.<Destination>findById(pipeline.destinationId)
                                .map(
                                    destination -> {
                                      String sealedDestination = destination.sealedSpec(cipher);
                                      String sealedApiKey =
                                          cipher.encrypt(
                                              pipeline.apiKey(cipher),
                                              SealedPlace.BUS_SOURCE_CREDENTIAL);
                                      List<SyncCommand> commands =
                                          next.stream()
                                              .map(
                                                  slice ->
                                                      command(
                                                          job,
                                                          pipeline,
                                                          sealedApiKey,
                                                          sealedDestination,
                                                          slice,
                                                          KeyRateShares.shareOf(
                                                              counted, slice.object)))
                                              .toList();
                                      return new Claim(commands, counted);
                                    })));
  }

  private SyncCommand command(
      Job job,
      Pipeline pipeline,
      String sealedApiKey,
      String sealedDestination,
      Slice slice,
      double rateShare) {
    CursorWindow window =
        slice.windowField == null
            ? null
            : new CursorWindow(slice.windowField, slice.windowFrom, slice.windowTo);
    return new SyncCommand(
        SyncCommand.SCHEMA_VERSION,
        slice.id,
        job.id,
        pipeline.id,
        slice.object,
        slice.kind,
        slice.attempt,
        window,
        null,
        sealedApiKey,
        sealedDestination,
        rateShare,
        job.startedAt,
        config.dispatch().sliceTimeBudget().toSeconds(),
        SliceResume.decode(slice.resume));
  }
}
