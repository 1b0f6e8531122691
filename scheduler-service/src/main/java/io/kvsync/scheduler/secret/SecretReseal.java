package io.kvsync.scheduler.secret;

import io.kvsync.common.secret.SecretCipher;
import io.kvsync.common.secret.SecretDecryptionException;
import io.kvsync.scheduler.activity.ActivityLog;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Re-seals every secret at rest with the newest key of the ring, so that older keys can leave it.
 * Walks each sealed column in batches of {@value #BATCH} rows by id, one transaction per batch:
 * never a whole table in memory, and a reseal that stops halfway is simply run again (values
 * already sealed with the newest key are skipped).
 */
@ApplicationScoped
public class SecretReseal {

  private static final Logger LOG = Logger.getLogger(SecretReseal.class);

  static final int BATCH = 200;

  /** At most this many unopenable values are named in an answer; all are counted. */
  static final int NAMED_UNOPENABLE = 100;

  private static final String FIRST_ID = "00000000-0000-0000-0000-000000000000";

  @Inject SecretCipher cipher;
  @Inject ActivityLog activity;

  /** What a reseal did. */
  public record Outcome(
      int resealed, int alreadyCurrent, String keyId, int unopenable, List<String> unopenableIds) {}

  /** A running count, shared by the batches of one reseal. */
  private static final class Tally {
    int resealed;
    int alreadyCurrent;
    int unopenable;
    final List<String> unopenableIds = new ArrayList<>();

    Outcome outcome(String keyId) {
      return new Outcome(resealed, alreadyCurrent, keyId, unopenable, List.copyOf(unopenableIds));
    }
  }

  public Uni<Outcome> resealAll(String actor) {
    Tally tally = new Tally();
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (SealedColumn column : SealedColumn.ALL) {
      chain = chain.chain(() -> resealColumn(column, tally));
    }
    return chain
        .chain(
            () ->
                Panache.withTransaction(
                    () ->
                        activity.info(
                            actor,
                            "secrets.resealed",
                            null,
                            "resealed "
                                + tally.resealed
                                + ", already current "
                                + tally.alreadyCurrent
                                + ", unopenable "
                                + tally.unopenable
                                + (tally.unopenableIds.isEmpty() ? "" : " " + tally.unopenableIds)
                                + "; newest key "
                                + cipher.newestKeyId())))
        .map(ignored -> tally.outcome(cipher.newestKeyId()));
  }

  private Uni<Void> resealColumn(SealedColumn column, Tally tally) {
    return Panache.withSession(
            () ->
                Panache.getSession()
                    .chain(
                        session ->
                            session
                                .createNativeQuery(
                                    "SELECT count(*) FROM information_schema.columns"
                                        + " WHERE table_schema = current_schema()"
                                        + " AND table_name = :table AND column_name = :column",
                                    Long.class)
                                .setParameter("table", column.table())
                                .setParameter("column", column.column())
                                .getSingleResult()))
        .chain(
            present ->
                present > 0 ? batchesAfter(column, FIRST_ID, tally) : Uni.createFrom().voidItem());
  }

  private Uni<Void> batchesAfter(SealedColumn column, String afterId, Tally tally) {
    return Panache.withTransaction(() -> resealBatch(column, afterId, tally))
        .chain(
            lastId ->
                lastId == null ? Uni.createFrom().voidItem() : batchesAfter(column, lastId, tally));
  }

  /** Reseals one batch; answers the last id it saw, or null when the column is done. */
  private Uni<String> resealBatch(SealedColumn column, String afterId, Tally tally) {
    String select =
        "SELECT id::text, "
            + column.column()
            + " FROM "
            + column.table()
            + " WHERE id > CAST(:after AS uuid) AND "
            + column.column()
            + " IS NOT NULL ORDER BY id LIMIT "
            + BATCH
            + " FOR UPDATE";
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(select, Object[].class)
                    .setParameter("after", afterId)
                    .getResultList()
                    .chain(
                        rows -> {
                          Uni<Void> updates = Uni.createFrom().voidItem();
                          for (Object[] row : rows) {
                            String id = (String) row[0];
                            String sealed = (String) row[1];
                            updates = updates.chain(() -> resealValue(column, id, sealed, tally));
                          }
                          String last =
                              rows.size() < BATCH ? null : (String) rows.get(rows.size() - 1)[0];
                          return updates.replaceWith(last);
                        }));
  }

  private Uni<Void> resealValue(SealedColumn column, String id, String sealed, Tally tally) {
    UUID rowId = UUID.fromString(id);
    String plain;
    try {
      plain = cipher.decrypt(sealed, column.place().apply(rowId));
    } catch (SecretDecryptionException e) {
      tally.unopenable++;
      if (tally.unopenableIds.size() < NAMED_UNOPENABLE) {
        tally.unopenableIds.add(column.nameOf(rowId));
      }
      LOG.warnf("Cannot reseal %s: %s", column.nameOf(rowId), e.getMessage());
      return Uni.createFrom().voidItem();
    }
    boolean current = cipher.isSealedWithNewestKey(sealed);
    if (current) {
      tally.alreadyCurrent++;
    } else {
      tally.resealed++;
    }
    StringBuilder update = new StringBuilder("UPDATE " + column.table() + " SET ");
    List<String> sets = new ArrayList<>();
    if (!current) {
      sets.add(column.column() + " = :sealed");
    }
    column.fingerprintColumn().ifPresent(fingerprint -> sets.add(fingerprint + " = :fingerprint"));
    if (sets.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    update.append(String.join(", ", sets)).append(" WHERE id = CAST(:id AS uuid)");
    return Panache.getSession()
        .chain(
            session -> {
              var query = session.createNativeQuery(update.toString()).setParameter("id", id);
              if (!current) {
                query.setParameter("sealed", cipher.encrypt(plain, column.place().apply(rowId)));
              }
              if (column.fingerprintColumn().isPresent()) {
                query.setParameter("fingerprint", cipher.fingerprint(plain));
              }
              return query.executeUpdate();
            })
        .replaceWithVoid();
  }
}
