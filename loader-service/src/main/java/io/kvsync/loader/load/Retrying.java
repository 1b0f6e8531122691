package io.kvsync.loader.load;

import io.kvsync.common.bus.RetryPolicy;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.loader.config.LoaderConfig;
import io.kvsync.loader.destination.DestinationHealth;
import io.kvsync.loader.destination.DestinationHealth.Admission;
import io.kvsync.loader.destination.TableRef;
import io.kvsync.loader.failure.LoadErrorClassifier;
import io.kvsync.loader.failure.LoadErrorClassifier.Decision;
import io.kvsync.loader.failure.RefusedException;
import io.kvsync.loader.schema.TableSchemas;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs work on a destination as far as its health allows: refused at once while the destination is
 * known to refuse or to be away, tried once as a probe when it has been away for long, else retried
 * with capped backoff for as long as the failures are transient, within {@code
 * kvsync.retry.give-up-after}. Whatever is given up ends as a {@link RefusedException}.
 */
@ApplicationScoped
public class Retrying {

  private static final Logger LOG = Logger.getLogger(Retrying.class);

  private final RetryPolicy policy;
  private final DestinationHealth health;
  private final TableSchemas schemas;
  private final Duration giveUpAfter;

  public Retrying(
      RetryPolicy policy, DestinationHealth health, TableSchemas schemas, LoaderConfig config) {
    this.policy = policy;
    this.health = health;
    this.schemas = schemas;
    this.giveUpAfter = config.retry().giveUpAfter();
  }

  /**
   * @param what names the work in log lines, e.g. the batch id
   * @return the work's result, or a {@link RefusedException} when it is given up
   */
  public <T> Uni<T> run(
      DestinationSpec destination,
      TableRef table,
      String what,
      Supplier<Uni<? extends T>> attempt) {
    return Uni.createFrom()
        .deferred(
            () -> {
              Admission admission = health.admit(destination);
              if (admission instanceof Admission.Refuse refuse) {
                return Uni.createFrom().<T>failure(refuse.refusal());
              }
              Supplier<Uni<? extends T>> observed =
                  () -> observed(destination, table, what, attempt);
              // Created here, at subscription, because the bound counts from the first attempt.
              Uni<T> attempts =
                  admission instanceof Admission.Probe
                      ? Uni.createFrom().<T>deferred(observed)
                      : policy.run(observed, LoadErrorClassifier::isTransient);
              return attempts.onFailure().transform(failure -> refusal(destination, failure));
            });
  }

  private <T> Uni<T> observed(
      DestinationSpec destination,
      TableRef table,
      String what,
      Supplier<Uni<? extends T>> attempt) {
    return Uni.createFrom()
        .deferred(attempt)
        .invoke(() -> health.succeeded(destination))
        .onFailure()
        .invoke(
            failure -> {
              health.failed(
                  destination,
                  failure,
                  RefusedException.refusedBy(destination, LoadErrorClassifier.explain(failure)));
              Decision decision = LoadErrorClassifier.classify(failure);
              if (decision == Decision.RELOAD_SCHEMA) {
                schemas.invalidate(table);
              }
              if (LoadErrorClassifier.isTransient(failure)) {
                LOG.warnf("Writing %s (%s) failed: %s", table, what, failure.toString());
              }
            });
  }

  private RefusedException refusal(DestinationSpec destination, Throwable failure) {
    String explanation = LoadErrorClassifier.explain(failure);
    if (LoadErrorClassifier.isTransient(failure)) {
      return RefusedException.temporary(
          RefusedException.unavailable(
              destination,
              giveUpAfter,
              LoadErrorClassifier.concernsWholeDestination(failure),
              explanation),
          failure);
    }
    if (LoadErrorClassifier.isDestinationAnswer(failure)) {
      return RefusedException.permanent(
          RefusedException.refusedBy(destination, explanation), failure);
    }
    return RefusedException.of(failure);
  }
}
