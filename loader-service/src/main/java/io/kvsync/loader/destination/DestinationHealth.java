package io.kvsync.loader.destination;

import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.loader.config.LoaderConfig;
import io.kvsync.loader.failure.LoadErrorClassifier;
import io.kvsync.loader.failure.LoadErrorClassifier.Decision;
import io.kvsync.loader.failure.RefusedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the loader knows about each destination (host, port, database, user) that has been failing,
 * so that one broken destination costs its own batches a quick answer and nobody else any time:
 *
 * <ul>
 *   <li>refused for good (its login or its database): its batches are refused at once, without a
 *       connection, for {@code kvsync.retry.probe-interval}; a batch with other credentials is
 *       still tried;
 *   <li>unavailable (transient failures) for longer than {@code kvsync.retry.give-up-after}: its
 *       batches are refused at once as temporary, except one attempt per probe interval;
 *   <li>any success forgets what was known.
 * </ul>
 */
@ApplicationScoped
public class DestinationHealth {

  private final Duration giveUpAfter;
  private final Duration probeInterval;
  private final Clock clock;
  private final Map<String, Record> records = new ConcurrentHashMap<>();

  /** What to do with a batch for a destination, decided before any connection is opened. */
  public sealed interface Admission {
    /** Load it, retrying transient failures within the bound. */
    record Load() implements Admission {}

    /** The destination has been unavailable for long: one attempt, no retry. */
    record Probe() implements Admission {}

    /** Refuse it at once. */
    record Refuse(RefusedException refusal) implements Admission {}
  }

  private static final Admission LOAD = new Admission.Load();
  private static final Admission PROBE = new Admission.Probe();

  /** The destination refuses the loader for good, until {@code until}. */
  private record Refused(String reason, int credential, Instant until) {}

  /** The destination has been failing as a whole since {@code since}, with no success since. */
  private record Unavailable(Instant since, String lastFailure, Instant nextProbe) {}

  /** What is known of one destination: either part may be null. */
  private record Record(Refused refused, Unavailable unavailable) {
    Record withUnavailable(Unavailable next) {
      return new Record(refused, next);
    }

    /** The record to keep, or null when nothing is known any more. */
    Record orNull() {
      return refused == null && unavailable == null ? null : this;
    }
  }

  @Inject
  public DestinationHealth(LoaderConfig config) {
    this(config.retry().giveUpAfter(), config.retry().probeInterval(), Clock.systemUTC());
  }

  public DestinationHealth(Duration giveUpAfter, Duration probeInterval, Clock clock) {
    this.giveUpAfter = giveUpAfter;
    this.probeInterval = probeInterval;
    this.clock = clock;
  }

  public Admission admit(DestinationSpec destination) {
    Instant now = clock.instant();
    Admission[] admission = {LOAD};
    records.computeIfPresent(
        destination.poolKey(),
        (key, known) -> {
          Refused refused = known.refused();
          if (refused != null
              && now.isBefore(refused.until())
              && refused.credential() == credential(destination)) {
            admission[0] = new Admission.Refuse(RefusedException.permanent(refused.reason(), null));
            return known;
          }
          Unavailable unavailable = known.unavailable();
          if (unavailable == null || now.isBefore(unavailable.since().plus(giveUpAfter))) {
            return known;
          }
          if (!now.isBefore(unavailable.nextProbe())) {
            admission[0] = PROBE;
            return known.withUnavailable(
                new Unavailable(
                    unavailable.since(), unavailable.lastFailure(), now.plus(probeInterval)));
          }
          admission[0] =
              new Admission.Refuse(
                  RefusedException.temporary(
                      RefusedException.unavailable(
                          destination, giveUpAfter, true, unavailable.lastFailure()),
                      null));
          return known;
        });
    return admission[0];
  }

  /** The destination answered: whatever was known about it no longer holds. */
  public void succeeded(DestinationSpec destination) {
    records.remove(destination.poolKey());
  }

  /**
   * Learns from a failed attempt.
   *
   * @param refusedReason what the batches refused for this failure are told, when it refuses the
   *     whole destination
   */
  public void failed(DestinationSpec destination, Throwable failure, String refusedReason) {
    Instant now = clock.instant();
    Decision decision = LoadErrorClassifier.classify(failure);
    boolean wholeDestination = LoadErrorClassifier.concernsWholeDestination(failure);
    records.compute(
        destination.poolKey(),
        (key, known) -> {
          if (wholeDestination && decision == Decision.DEAD_LETTER) {
            // It answered, so it is not unavailable: it refuses.
            Refused refused =
                new Refused(refusedReason, credential(destination), now.plus(probeInterval));
            return new Record(refused, null);
          }
          Record current = known == null ? new Record(null, null) : known;
          if (wholeDestination && decision == Decision.RETRY) {
            Unavailable previous = current.unavailable();
            Instant since = previous == null ? now : previous.since();
            Instant nextProbe = previous == null ? since.plus(giveUpAfter) : previous.nextProbe();
            return current.withUnavailable(
                new Unavailable(since, LoadErrorClassifier.explain(failure), nextProbe));
          }
          // An answer about this batch only (a privilege, a lock, a value): the destination is up.
          return current.withUnavailable(null).orNull();
        });
  }

  /** How many destinations are known to be failing: for tests. */
  int failingDestinations() {
    return records.size();
  }

  private static int credential(DestinationSpec destination) {
    return Objects.hashCode(destination.password());
  }
}
