package io.kvsync.loader.load;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.DeletionSweep;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.loader.config.LoaderConfig;
import io.kvsync.loader.destination.DestinationPools;
import io.kvsync.loader.destination.TableRef;
import io.kvsync.loader.failure.InvalidBatchException;
import io.kvsync.loader.metrics.LoaderMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Marks the rows a successful full run did not see: {@code __ingested_at} older than the run's
 * start. Soft deletion only; a row seen again later is written with {@code __marked_deleted =
 * false} by the upsert. Running a sweep twice changes nothing more.
 */
@ApplicationScoped
public class DeletionSweeper {

  private final DestinationPools pools;
  private final LoaderMetrics metrics;
  private final Retrying retrying;
  private final SecretCipher cipher;

  public DeletionSweeper(
      DestinationPools pools, LoaderMetrics metrics, Retrying retrying, LoaderConfig config) {
    this.pools = pools;
    this.metrics = metrics;
    this.retrying = retrying;
    this.cipher = SecretCipher.fromBase64Key(config.masterKey());
  }

  public Uni<BatchLoaded> sweep(DeletionSweep sweep) {
    return Uni.createFrom()
        .item(() -> validated(sweep))
        .chain(
            spec -> {
              TableRef table = TableRef.of(spec, sweep.object());
              return retrying
                  .untilDone(
                      () ->
                          pools.withPool(spec, pool -> markUnseen(pool, table, sweep.seenSince())),
                      table,
                      "sweep " + sweep.sweepId())
                  .map(marked -> report(sweep, marked));
            });
  }

  private DestinationSpec validated(DeletionSweep sweep) {
    if (sweep.object() == null || sweep.destination() == null || sweep.seenSince() == null) {
      throw new InvalidBatchException("sweep lacks object, destination or seenSince");
    }
    if (ObjectCatalogue.find(sweep.object()).isEmpty()) {
      throw new InvalidBatchException("unknown object '" + sweep.object() + "'");
    }
    return DestinationSpec.unseal(sweep.destination(), cipher);
  }

  private static Uni<Long> markUnseen(Pool pool, TableRef table, Instant seenSince) {
    String sql =
        "UPDATE "
            + table.qualified()
            + " SET \"__marked_deleted\" = true, \"__loaded_at\" = now()"
            + " WHERE \"__ingested_at\" < $1 AND \"__marked_deleted\" IS NOT TRUE";
    return pool.withTransaction(
        connection ->
            connection
                .preparedQuery("SELECT to_regclass($1) IS NOT NULL")
                .execute(Tuple.of(table.qualified()))
                .chain(
                    exists ->
                        exists.iterator().next().getBoolean(0)
                            ? connection
                                .preparedQuery(sql)
                                .execute(Tuple.of(seenSince.atOffset(ZoneOffset.UTC)))
                                .map(rows -> (long) rows.rowCount())
                            : Uni.createFrom().item(0L)));
  }

  /** The answer to a sweep that can never run (unknown object, unusable destination). */
  public static BatchLoaded refused(DeletionSweep sweep, Throwable reason) {
    return new BatchLoaded(
        BatchLoaded.SCHEMA_VERSION,
        sweep.sweepId(),
        null,
        sweep.jobId(),
        sweep.pipelineId(),
        sweep.object(),
        0,
        0,
        0,
        0,
        List.of(),
        List.of(),
        Instant.now(),
        "The loader cannot run this deletion sweep: " + reason.getMessage());
  }

  private BatchLoaded report(DeletionSweep sweep, long marked) {
    metrics.rowsMarkedDeleted(sweep.object(), marked);
    return new BatchLoaded(
        BatchLoaded.SCHEMA_VERSION,
        sweep.sweepId(),
        null,
        sweep.jobId(),
        sweep.pipelineId(),
        sweep.object(),
        0,
        0,
        0,
        marked,
        List.of(),
        List.of(),
        Instant.now(),
        null);
  }
}
