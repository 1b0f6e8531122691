package io.kvsync.loader.schema;

import io.kvsync.common.naming.SqlName;
import io.kvsync.common.rows.MappedRecord;
import io.kvsync.loader.config.LoaderConfig;
import io.kvsync.loader.destination.TableRef;
import io.kvsync.loader.failure.LoadErrorClassifier;
import io.kvsync.loader.failure.SchemaConflictException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
  private final Duration ddlTimeout;

  public TableSchemas(LoaderConfig config) {
    this.ddlTimeout = config.load().ddlTimeout();
  }

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
        .onFailure(LoadErrorClassifier::isSchemaCollision)
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

  private Uni<Void> ensureSchema(Pool pool, TableRef ref) {
    // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists, which a
    // loader given only a schema of its own lacks: create only what is missing.
    return pool.preparedQuery("SELECT 1 FROM pg_namespace WHERE nspname = $1")
        .execute(Tuple.of(ref.schema()))
        .chain(
            found ->
                found.size() > 0
                    ? Uni.createFrom().voidItem()
                    // Two sessions creating the same schema at once still collide: serialise it.
                    : underLock(
                        pool,
                        "kvsync.ddl.schema:" + ref.schema(),
                        connection ->
                            connection
                                .query("CREATE SCHEMA IF NOT EXISTS " + SqlName.quote(ref.schema()))
                                .execute()
                                .replaceWithVoid()));
  }

  /**
   * Runs {@code work} in a transaction that first takes the advisory lock {@code key}. The lock is
   * transaction-scoped, so a broken connection never leaves it held, and its wait is bounded by the
   * connection's {@code lock_timeout} (a transient failure). Read committed gives every statement a
   * fresh snapshot, so the work sees the catalog as the previous holder left it.
   */
  private <T> Uni<T> underLock(Pool pool, String key, Function<SqlConnection, Uni<T>> work) {
    return pool.withTransaction(
        connection ->
            connection
                .query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                .execute()
                .chain(
                    () ->
                        connection
                            .query("SET LOCAL statement_timeout = " + ddlTimeout.toMillis())
                            .execute())
                .chain(
                    () ->
                        connection
                            .preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
                            .execute(Tuple.of(key)))
                .chain(() -> work.apply(connection)));
  }

  private void remember(TableRef ref, TableModel model) {
    if (model.exists()) {
      cache.put(ref, model);
    }
  }
}
