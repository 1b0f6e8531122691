package io.kvsync.common.bus;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one retry rule of every service: failures the caller calls transient are retried with capped
 * exponential backoff and jitter, for at most {@code giveUpAfter}; then the last failure is passed
 * on, for the caller to park the work with a reason. Nothing retries for ever.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter) {

  public RetryPolicy {
    if (initialBackoff.isNegative()
        || initialBackoff.isZero()
        || maxBackoff.compareTo(initialBackoff) < 0
        || giveUpAfter.isNegative()) {
      throw new IllegalArgumentException(
          "A retry policy needs 0 < initial backoff <= max backoff and a bound >= 0; got "
              + initialBackoff
              + ", "
              + maxBackoff
              + ", "
              + giveUpAfter);
    }
  }

  /**
   * Runs {@code work} (a fresh Uni per attempt) until it succeeds, fails with a failure {@code
   * transientFailure} refuses, or the bound passes (counted from this call).
   */
  public <T> Uni<T> run(Supplier<Uni<? extends T>> work, Predicate<Throwable> transientFailure) {
    if (giveUpAfter.isZero()) {
      return Uni.createFrom().<T>deferred(work);
    }
    return Uni.createFrom()
        .<T>deferred(work)
        .onFailure(transientFailure)
        .retry()
        .withBackOff(initialBackoff, maxBackoff)
        .withJitter(0.2)
        .expireIn(giveUpAfter.toMillis());
  }
}
