package io.kvsync.loader.load;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.DeletionSweep;
import io.kvsync.common.contract.Refusal;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.loader.destination.DestinationPools;
import io.kvsync.loader.destination.SealedDestinations;
import io.kvsync.loader.destination.TableRef;
import io.kvsync.loader.failure.InvalidBatchException;
import io.kvsync.loader.failure.LoadErrorClassifier;
import io.kvsync.loader.failure.RefusedException;
import io.kvsync.loader.metrics.LoaderMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Marks the rows a successful full run did not see: those whose {@code __job_id} is another job's
 * (every row the run read records it, docs/adr/0007), except the run's failed records, kept by
 * {@code id}. Soft deletion only; a row seen again later is written with {@code __marked_deleted =
 * false} by the upsert. Running a sweep twice changes nothing more.
 */
@ApplicationScoped
public class DeletionSweeper {

  private final DestinationPools pools;
  private final LoaderMetrics metrics;
  private final Retrying retrying;
  private final SealedDestinations destinations;

  public DeletionSweeper(
      DestinationPools pools,
      LoaderMetrics metrics,
      Retrying retrying,
      SealedDestinations destinations) {
    this.pools = pools;
    this.metrics = metrics;
    this.retrying = retrying;
    this.destinations = destinations;
  }

  /**
   * @return the report: the rows marked, or a refusal with the reason (always permanent: a sweep is
   *     sent once, after its run, and is not read again by a later run)
   */
  public Uni<BatchLoaded> sweep(DeletionSweep sweep) {
    return Uni.createFrom()
        .item(() -> validated(sweep))
        .chain(
            spec -> {
              TableRef table = TableRef.of(spec, sweep.object());
              return retrying
                  .run(
                      spec,
                      table,
                      "sweep " + sweep.sweepId(),
                      () -> pools.withPool(spec, pool -> markUnseen(pool, table, sweep)))
                  .map(marked -> report(sweep, marked));
            })
        .onFailure()
        .recoverWithItem(failure -> refused(sweep, failure));
  }

  private DestinationSpec validated(DeletionSweep sweep) {
    if (sweep.object() == null || sweep.destination() == null || sweep.jobId() == null) {
      throw new InvalidBatchException("sweep lacks object, destination or jobId");
    }
    if (ObjectCatalogue.find(sweep.object()).isEmpty()) {
      throw new InvalidBatchException("unknown object '" + sweep.object() + "'");
    }
    return destinations.open(sweep.destination());
  }

  private static Uni<Long> markUnseen(Pool pool, TableRef table, DeletionSweep sweep) {
    return pool.withTransaction(
        connection ->
            connection
                .preparedQuery(
                    "SELECT to_regclass($1) IS NOT NULL, EXISTS (SELECT 1 FROM pg_attribute"
                        + " WHERE attrelid = to_regclass($1) AND attname = 'id'"
                        + " AND NOT attisdropped)")
                .execute(Tuple.of(table.qualified()))
                .chain(
                    found -> {
                      Row shape = found.iterator().next();
                      if (!shape.getBoolean(0)) {
                        return Uni.createFrom().item(0L);
                      }
                      // A table without an "id" column has no row a failed record's id names.
                      boolean keep = shape.getBoolean(1) && !sweep.keptIds().isEmpty();
                      Tuple parameters = Tuple.of(sweep.jobId());
                      if (keep) {
                        parameters.addArrayOfString(sweep.keptIds().toArray(String[]::new));
                      }
                      return connection
                          .preparedQuery(markSql(table, keep))
                          .execute(parameters)
                          .map(rows -> (long) rows.rowCount());
                    }));
  }

  /** Parameters: {@code $1} the sweeping job, {@code $2} the kept ids when {@code keep}. */
  private static String markSql(TableRef table, boolean keep) {
    return "UPDATE "
        + table.qualified()
        + " SET \"__marked_deleted\" = true, \"__loaded_at\" = now()"
        + " WHERE \"__job_id\" IS DISTINCT FROM $1 AND \"__marked_deleted\" IS NOT TRUE"
        + (keep ? " AND NOT COALESCE(\"id\" = ANY($2::text[]), false)" : "");
  }

  private static BatchLoaded refused(DeletionSweep sweep, Throwable failure) {
    String reason =
        failure instanceof RefusedException refused
            ? refused.getMessage()
            : "The loader cannot run this deletion sweep: " + LoadErrorClassifier.explain(failure);
    return answer(sweep, 0, reason, Refusal.PERMANENT);
  }

  private BatchLoaded report(DeletionSweep sweep, long marked) {
    metrics.rowsMarkedDeleted(sweep.object(), marked);
    return answer(sweep, marked, null, null);
  }

  private static BatchLoaded answer(
      DeletionSweep sweep, long marked, String error, Refusal refusal) {
    return new BatchLoaded(
        BatchLoaded.SCHEMA_VERSION,
        sweep.sweepId(),
        null,
        sweep.jobId(),
        sweep.pipelineId(),
        sweep.object(),
        0,
        null,
        0,
        0,
        marked,
        List.of(),
        List.of(),
        Instant.now(),
        error,
        refusal);
  }
}
