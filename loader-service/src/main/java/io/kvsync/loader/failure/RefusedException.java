package io.kvsync.loader.failure;

import io.kvsync.common.contract.Refusal;
import io.kvsync.common.secret.DestinationSpec;
import java.time.Duration;

/**
 * The loader gave up on a batch (or a sweep): the reason, in words a person can act on, and whether
 * it can never load ({@link Refusal#PERMANENT}) or its destination was unavailable for longer than
 * the loader retries ({@link Refusal#TEMPORARY}).
 */
public final class RefusedException extends RuntimeException {

  private final Refusal refusal;

  private RefusedException(Refusal refusal, String reason, Throwable cause) {
    super(reason, cause);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }

  /** The refusal a failure amounts to: itself when it is one, else permanent with its meaning. */
  public static RefusedException of(Throwable failure) {
    if (failure instanceof RefusedException refused) {
      return refused;
    }
    return new RefusedException(
        Refusal.PERMANENT,
        "The loader cannot load this batch: " + LoadErrorClassifier.explain(failure),
        failure);
  }

  /** The destination refused the work in a way no retry changes. */
  public static RefusedException permanent(String reason, Throwable cause) {
    return new RefusedException(Refusal.PERMANENT, reason, cause);
  }

  /** The destination stayed unavailable beyond the retry bound. */
  public static RefusedException temporary(String reason, Throwable cause) {
    return new RefusedException(Refusal.TEMPORARY, reason, cause);
  }

  /** The reason of a permanent refusal by {@code destination}. */
  public static String refusedBy(DestinationSpec destination, String explanation) {
    return "The destination " + name(destination) + " refused the loader: " + explanation;
  }

  /**
   * The reason of a temporary refusal: {@code destination} was unavailable (or, when {@code
   * wholeDestination} is false, kept failing this batch: a lock, a timeout) for longer than {@code
   * bound}.
   */
  public static String unavailable(
      DestinationSpec destination, Duration bound, boolean wholeDestination, String explanation) {
    return "The destination "
        + name(destination)
        + (wholeDestination ? " was unavailable" : " could not take the batch")
        + " for more than "
        + inWords(bound)
        + " ("
        + explanation
        + "); the object resumes on the next run";
  }

  private static String name(DestinationSpec destination) {
    return destination.host() + ":" + destination.port() + "/" + destination.database();
  }

  /** "2 minutes", "1 minute", "3 seconds", "1.5 seconds". */
  static String inWords(Duration duration) {
    long seconds = duration.toSeconds();
    if (duration.toMillis() % 1000 != 0) {
      return duration.toMillis() / 1000.0 + " seconds";
    }
    if (seconds >= 60 && seconds % 60 == 0) {
      long minutes = seconds / 60;
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    return seconds + (seconds == 1 ? " second" : " seconds");
  }
}
