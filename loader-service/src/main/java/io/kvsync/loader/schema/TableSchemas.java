package io.kvsync.loader.schema;

import io.kvsync.common.naming.SqlName;
import io.kvsync.common.rows.MappedRecord;
import io.kvsync.loader.destination.TableRef;
import io.kvsync.loader.failure.LoadErrorClassifier;
import io.kvsync.loader.failure.LoadErrorClassifier.Decision;
import io.kvsync.loader.failure.SchemaConflictException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Keeps destination tables fit for the batches that arrive. Table models are cached, so a batch
 * that fits costs no catalog query; DDL runs under a per-table advisory lock, and the model is
 * re-read under that lock, so loader replicas racing on one table apply each change once.
 */
@ApplicationScoped
public class TableSchemas {

  private static final Logger LOG = Logger.getLogger(TableSchemas.class);

  private final Map<TableRef, TableModel> cache = new ConcurrentHashMap<>();

  /** The layout of {@code records} in {@code ref}, with the table created or evolved to fit. */
  public Uni<BatchLayout> fit(
      Pool pool, TableRef ref, List<String> primaryKey, List<MappedRecord> records) {
    TableModel cached = cache.get(ref);
    Uni<TableModel> model =
        cached != null
            ? Uni.createFrom().item(cached)
            : pool.withConnection(c -> SchemaReader.read(c, ref)).invoke(m -> remember(ref, m));
    return model.chain(
        current -> {
          BatchLayout layout = BatchLayout.plan(current, primaryKey, records);
          return layout.needsChanges()
              ? evolve(pool, ref, primaryKey, records, current.exists())
              : Uni.createFrom().item(layout);
        });
  }

  /** Forgets a model that turned out stale (another replica changed the table). */
  public void invalidate(TableRef ref) {
    cache.remove(ref);
  }

  private Uni<BatchLayout> evolve(
      Pool pool,
      TableRef ref,
      List<String> primaryKey,
      List<MappedRecord> records,
      boolean tableExists) {
    Uni<Void> schemaReady = tableExists ? Uni.createFrom().voidItem() : ensureSchema(pool, ref);
    return schemaReady
        .chain(
            () ->
                underLock(
                    pool,
                    "kvsync.ddl.table:" + ref,
                    connection ->
                        SchemaReader.read(connection, ref)
                            .chain(
                                fresh -> {
                                  BatchLayout layout = BatchLayout.plan(fresh, primaryKey, records);
                                  return apply(connection, ref, layout).replaceWith(layout);
                                })))
        .onFailure(failure -> LoadErrorClassifier.classify(failure) == Decision.ISOLATE_RECORDS)
        .transform(SchemaConflictException::new)
        .invoke(
            layout -> {
              layout.changes().forEach(c -> LOG.infof("Schema change: %s", c.describe(ref)));
              remember(ref, layout.resulting());
            });
  }

  private static Uni<Void> apply(SqlConnection connection, TableRef ref, BatchLayout layout) {
    return Multi.createFrom()
        .iterable(layout.changes())
        .onItem()
        .transformToIterable(change -> change.statements(ref))
        .onItem()
        .transformToUniAndConcatenate(sql -> connection.query(sql).execute())
        .collect()
        .last()
        .replaceWithVoid();
  }

  private static Uni<Void> ensureSchema(Pool pool, TableRef ref) {
    // CREATE SCHEMA IF NOT EXISTS still fails when two sessions run it at once: serialise it too.
    return underLock(
        pool,
        "kvsync.ddl.schema:" + ref.schema(),
        connection ->
            connection
                .query("CREATE SCHEMA IF NOT EXISTS " + SqlName.quote(ref.schema()))
                .execute()
                .replaceWithVoid());
  }

  /**
   * Runs {@code work} in a transaction that starts after the advisory lock {@code key} is held. The
   * lock is taken at session level, before the transaction, because only a transaction that starts
   * after the wait sees the catalog as the previous holder left it.
   */
  private static <T> Uni<T> underLock(Pool pool, String key, Function<SqlConnection, Uni<T>> work) {
    return pool.withConnection(
        connection ->
            connection
                .preparedQuery("SELECT pg_advisory_lock(hashtext($1))")
                .execute(Tuple.of(key))
                .chain(() -> inTransaction(connection, work))
                .eventually(
                    () ->
                        connection
                            .preparedQuery("SELECT pg_advisory_unlock(hashtext($1))")
                            .execute(Tuple.of(key))
                            .onFailure()
                            .recoverWithNull()));
  }

  private static <T> Uni<T> inTransaction(
      SqlConnection connection, Function<SqlConnection, Uni<T>> work) {
    return connection
        .begin()
        .chain(
            transaction ->
                work.apply(connection)
                    .call(transaction::commit)
                    .onFailure()
                    .call(() -> transaction.rollback().onFailure().recoverWithNull()));
  }

  private void remember(TableRef ref, TableModel model) {
    if (model.exists()) {
      cache.put(ref, model);
    }
  }
}
