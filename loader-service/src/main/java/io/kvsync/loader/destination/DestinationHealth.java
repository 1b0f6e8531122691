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

  /**
   * @param refusedReason set while the destination refuses the loader for good
   * @param refusedCredential the password it refused, so that a corrected one is tried at once
   * @param unavailableSince the first transient failure with no success since
   */
  private record Record(
      String refusedReason,
      int refusedCredential,
      Instant refusedUntil,
      Instant unavailableSince,
      String lastUnavailability,
      Instant nextProbe) {

    static final Record NONE = new Record(null, 0, null, null, null, null);

    boolean isEmpty() {
      return refusedReason == null && unavailableSince == null;
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
          if (known.refusedReason() != null
              && now.isBefore(known.refusedUntil())
              && known.refusedCredential() == credential(destination)) {
            admission[0] =
                new Admission.Refuse(RefusedException.permanent(known.refusedReason(), null));
            return known;
          }
          if (known.unavailableSince() == null
              || now.isBefore(known.unavailableSince().plus(giveUpAfter))) {
            return known;
          }
          if (!now.isBefore(known.nextProbe())) {
            admission[0] = PROBE;
            return new Record(
                known.refusedReason(),
                known.refusedCredential(),
                known.refusedUntil(),
                known.unavailableSince(),
                known.lastUnavailability(),
                now.plus(probeInterval));
          }
          admission[0] =
              new Admission.Refuse(
                  RefusedException.temporary(
                      RefusedException.unavailable(
                          destination, giveUpAfter, known.lastUnavailability()),
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
   * @param refusedReason what a batch refused for this failure is told, when the failure refuses
   *     the whole destination
   */
  public void failed(DestinationSpec destination, Throwable failure, String refusedReason) {
    Instant now = clock.instant();
    records.compute(
        destination.poolKey(),
        (key, known) -> {
          Record current = known == null ? Record.NONE : known;
          Record next;
          if (LoadErrorClassifier.refusesWholeDestination(failure)) {
            // It answered, so it is not unavailable: it refuses.
            next =
                new Record(
                    refusedReason,
                    credential(destination),
                    now.plus(probeInterval),
                    null,
                    null,
                    null);
          } else if (LoadErrorClassifier.classify(failure) == Decision.RETRY) {
            Instant since = current.unavailableSince() == null ? now : current.unavailableSince();
            next =
                new Record(
                    current.refusedReason(),
                    current.refusedCredential(),
                    current.refusedUntil(),
                    since,
                    LoadErrorClassifier.explain(failure),
                    current.nextProbe() == null ? since.plus(giveUpAfter) : current.nextProbe());
          } else {
            // An answer about this batch only (a privilege, a value): the destination is up.
            next =
                new Record(
                    current.refusedReason(),
                    current.refusedCredential(),
                    current.refusedUntil(),
                    null,
                    null,
                    null);
          }
          return next.isEmpty() ? null : next;
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
