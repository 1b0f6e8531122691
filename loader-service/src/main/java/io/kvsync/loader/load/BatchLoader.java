package io.kvsync.loader.load;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.BatchRef;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.RecordFailure;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.loader.config.LoaderConfig;
import io.kvsync.loader.destination.DestinationPools;
import io.kvsync.loader.destination.SealedDestinations;
import io.kvsync.loader.destination.TableRef;
import io.kvsync.loader.failure.InvalidBatchException;
import io.kvsync.loader.failure.LoadErrorClassifier;
import io.kvsync.loader.failure.LoadErrorClassifier.Decision;
import io.kvsync.loader.failure.RefusedException;
import io.kvsync.loader.metrics.LoaderMetrics;
import io.kvsync.loader.schema.BatchLayout;
import io.kvsync.loader.schema.SchemaChange;
import io.kvsync.loader.schema.TableSchemas;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Loads one {@link RecordBatch} into its destination table in one transaction: fit the table to the
 * batch, upsert every row in one statement, and report what happened. Transient failures are
 * retried within {@code kvsync.retry.give-up-after}; what is given up is reported as a refusal. The
 * caller acknowledges the message only once the report is confirmed.
 */
@ApplicationScoped
public class BatchLoader {

  private static final Logger LOG = Logger.getLogger(BatchLoader.class);

  private final DestinationPools pools;
  private final TableSchemas schemas;
  private final LoaderMetrics metrics;
  private final Retrying retrying;
  private final LoaderConfig config;
  private final SealedDestinations destinations;

  /** Where a batch goes and the rows it writes. */
  private record Target(
      ObjectDefinition definition,
      DestinationSpec destination,
      TableRef table,
      PreparedBatch prepared) {}

  /** What one attempt committed. */
  private record Outcome(long rowsUpserted, List<RecordFailure> refused) {}

  public BatchLoader(
      DestinationPools pools,
      TableSchemas schemas,
      LoaderMetrics metrics,
      Retrying retrying,
      SealedDestinations destinations,
      LoaderConfig config) {
    this.pools = pools;
    this.retrying = retrying;
    this.schemas = schemas;
    this.metrics = metrics;
    this.destinations = destinations;
    this.config = config;
  }

  /**
   * Loads a batch held as trees.
   *
   * @param batchBytes size of the message body, which spares measuring records one by one
   */
  public Uni<BatchLoaded> load(RecordBatch batch, long batchBytes) {
    return Uni.createFrom().item(() -> IncomingBatch.of(batch, batchBytes)).chain(this::load);
  }

  /**
   * @return the report: loaded, or refused with the reason and whether the refusal is permanent
   */
  public Uni<BatchLoaded> load(IncomingBatch incoming) {
    long started = System.nanoTime();
    RecordBatch batch = incoming.header();
    return Uni.createFrom()
        .item(() -> target(incoming))
        .chain(
            target -> {
              // DDL commits on its own: an attempt that fails after it still changed the table.
              List<SchemaChange> applied = new CopyOnWriteArrayList<>();
              return retrying
                  .run(
                      target.destination(),
                      target.table(),
                      "batch " + batch.batchId(),
                      () ->
                          pools.withPool(
                              target.destination(), pool -> attempt(pool, target, batch, applied)))
                  .map(outcome -> report(batch, target, outcome, applied, started));
            })
        .onFailure()
        .recoverWithItem(failure -> refused(batch.ref(), failure));
  }

  /** The report of a batch the loader gives up on. */
  public static BatchLoaded refused(BatchRef batch, Throwable failure) {
    RefusedException refusal = RefusedException.of(failure);
    return BatchLoaded.refused(batch, refusal.getMessage(), refusal.refusal(), Instant.now());
  }

  private Target target(IncomingBatch incoming) {
    ObjectDefinition definition = validated(incoming);
    DestinationSpec destination = destinations.open(incoming.header().destination());
    return new Target(
        definition,
        destination,
        TableRef.of(destination, definition.table()),
        PreparedBatch.of(
            definition.primaryKey(),
            incoming.records(),
            incoming.bytes(),
            config.load().maxRecordBytes()));
  }

  private ObjectDefinition validated(IncomingBatch incoming) {
    RecordBatch batch = incoming.header();
    if (batch.object() == null || batch.destination() == null || !incoming.hasRecords()) {
      throw new InvalidBatchException("batch lacks object, destination or records");
    }
    if (batch.extractedAt() == null) {
      throw new InvalidBatchException("batch lacks extractedAt, which orders row versions");
    }
    return ObjectCatalogue.find(batch.object())
        .orElseThrow(() -> new InvalidBatchException("unknown object '" + batch.object() + "'"));
  }

  private Uni<Outcome> attempt(
      Pool pool, Target target, RecordBatch batch, List<SchemaChange> applied) {
    PreparedBatch prepared = target.prepared();
    if (prepared.rows().isEmpty()) {
      return Uni.createFrom().item(new Outcome(0, List.of()));
    }
    TableRef table = target.table();
    List<String> key = target.definition().primaryKey();
    return schemas
        .fit(pool, table, key, prepared.rows())
        .invoke(layout -> applied.addAll(layout.changes()))
        .chain(
            layout ->
                pool.withTransaction(
                        connection -> upsertAll(connection, table, layout, key, batch, prepared))
                    .onFailure(
                        failure ->
                            LoadErrorClassifier.classify(failure) == Decision.ISOLATE_RECORDS)
                    .recoverWithUni(
                        failure ->
                            upsertOneByOne(pool, table, layout, key, batch, prepared, failure)));
  }

  private Uni<Outcome> upsertAll(
      SqlConnection connection,
      TableRef table,
      BatchLayout layout,
      List<String> key,
      RecordBatch batch,
      PreparedBatch prepared) {
    String sql = UpsertStatement.sql(table, layout.columns(), key);
    return connection
        .preparedQuery(sql)
        .execute(parameters(prepared.columnArrays(layout.columns()), batch))
        .map(rows -> new Outcome(rows.rowCount(), List.of()));
  }

  /**
   * The fallback when the database refuses a value of the batch: each row in a statement of its
   * own, so the refused ones are reported and the rest still load. A failed statement poisons the
   * transaction it is in, hence no shared transaction; the upsert is idempotent and order-proof, so
   * a crash half-way is repaired by the redelivery.
   */
  private Uni<Outcome> upsertOneByOne(
      Pool pool,
      TableRef table,
      BatchLayout layout,
      List<String> key,
      RecordBatch batch,
      PreparedBatch prepared,
      Throwable cause) {
    LOG.infof(
        "%s refused a value of batch %s (%s); loading its rows one by one",
        table, batch.batchId(), cause.getMessage());
    String sql = UpsertStatement.sql(table, layout.columns(), key);
    Object[] arrays = prepared.columnArrays(layout.columns());
    return Multi.createFrom()
        .range(0, prepared.rows().size())
        .onItem()
        .transformToUniAndConcatenate(
            row ->
                pool.preparedQuery(sql)
                    .execute(parameters(rowOf(arrays, row), batch))
                    .map(rows -> new Outcome(rows.rowCount(), List.of()))
                    .onFailure(f -> LoadErrorClassifier.classify(f) == Decision.ISOLATE_RECORDS)
                    .recoverWithItem(
                        f ->
                            new Outcome(
                                0,
                                List.of(
                                    RecordFailure.of(
                                        prepared.rows().get(row).recordId(),
                                        "refused by the destination: " + f.getMessage(),
                                        null)))))
        .collect()
        .in(
            () -> new Outcome[] {new Outcome(0, List.of())},
            (total, one) -> {
              List<RecordFailure> refused = new ArrayList<>(total[0].refused());
              refused.addAll(one.refused());
              total[0] = new Outcome(total[0].rowsUpserted() + one.rowsUpserted(), refused);
            })
        .map(total -> total[0]);
  }

  private static Object[] rowOf(Object[] arrays, int row) {
    Object[] single = new Object[arrays.length];
    for (int c = 0; c < arrays.length; c++) {
      single[c] = new String[] {((String[]) arrays[c])[row]};
    }
    return single;
  }

  private static Tuple parameters(Object[] arrays, RecordBatch batch) {
    Tuple tuple = Tuple.tuple();
    for (Object array : arrays) {
      tuple.addArrayOfString((String[]) array);
    }
    tuple.addOffsetDateTime(batch.extractedAt().atOffset(ZoneOffset.UTC));
    tuple.addUUID(batch.jobId());
    return tuple;
  }

  private BatchLoaded report(
      RecordBatch batch, Target target, Outcome outcome, List<SchemaChange> applied, long started) {
    List<RecordFailure> failures = new ArrayList<>(target.prepared().failures());
    failures.addAll(outcome.refused());
    List<String> changes = applied.stream().map(c -> c.describe(target.table())).toList();
    metrics.batchLoaded(
        batch.object(),
        outcome.rowsUpserted(),
        failures.size(),
        changes.size(),
        Duration.ofNanos(System.nanoTime() - started));
    return BatchLoaded.loaded(batch.ref(), outcome.rowsUpserted(), failures, changes, Instant.now())
        .withExtractedAt(batch.extractedAt());
  }
}
