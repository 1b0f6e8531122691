package io.kvsync.loader.load;

import io.kvsync.loader.config.LoaderConfig;
import io.kvsync.loader.destination.TableRef;
import io.kvsync.loader.failure.LoadErrorClassifier;
import io.kvsync.loader.failure.LoadErrorClassifier.Decision;
import io.kvsync.loader.schema.TableSchemas;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Repeats work on a destination for as long as the classifier calls its failures transient, with
 * capped exponential backoff: a destination that is down delays a batch, never loses it.
 */
@ApplicationScoped
public class Retrying {

  private static final Logger LOG = Logger.getLogger(Retrying.class);

  private final LoaderConfig config;
  private final TableSchemas schemas;

  public Retrying(LoaderConfig config, TableSchemas schemas) {
    this.config = config;
    this.schemas = schemas;
  }

  /**
   * @param what names the work in log lines, e.g. the table's batch id
   */
  public <T> Uni<T> untilDone(Supplier<Uni<? extends T>> attempt, TableRef table, Object what) {
    return Uni.createFrom()
        .<T>deferred(attempt)
        .onFailure()
        .invoke(
            failure -> {
              Decision decision = LoadErrorClassifier.classify(failure);
              if (decision == Decision.RELOAD_SCHEMA) {
                schemas.invalidate(table);
              }
              if (LoadErrorClassifier.isRetriable(failure)) {
                LOG.warnf(
                    "Writing %s%s failed, retrying: %s",
                    table, what == null ? "" : " (" + what + ")", failure.toString());
              }
            })
        .onFailure(LoadErrorClassifier::isRetriable)
        .retry()
        .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
        .withJitter(0.2)
        .indefinitely();
  }
}
