package io.kvsync.loader.load;

import io.kvsync.common.naming.SqlName;
import io.kvsync.common.rows.ColumnType;
import io.kvsync.loader.destination.TableRef;
import io.kvsync.loader.schema.LayoutColumn;
import io.kvsync.loader.schema.MetadataColumns;
import java.util.List;
import java.util.StringJoiner;

/**
 * The one set-based statement that writes a batch: every column travels as one {@code text[]}
 * parameter, {@code unnest} turns them into rows, and the conflict clause keeps the newer version
 * ({@code __ingested_at}), so batches may arrive late, twice or out of order. A row that returns
 * after being marked deleted is live again.
 *
 * <p>Whether the data is replaced or not, the row records the job that saw it ({@code __job_id}): a
 * deletion sweep goes by that, never by clocks (docs/adr/0007), so a version kept because the
 * stored one looks newer still counts as seen by this run.
 *
 * <p>Parameters: {@code $1..$n} the columns' values as text arrays, {@code $n+1} {@code
 * __ingested_at}, {@code $n+2} {@code __job_id}.
 */
public final class UpsertStatement {

  /** The incoming version is at least as new as the stored one (SET sees the stored row as t). */
  private static final String NEWER = "t.\"__ingested_at\" <= EXCLUDED.\"__ingested_at\"";

  private UpsertStatement() {}

  public static String sql(TableRef table, List<LayoutColumn> columns, List<String> primaryKey) {
    StringJoiner targets = new StringJoiner(", ");
    StringJoiner selects = new StringJoiner(", ");
    StringJoiner arrays = new StringJoiner(", ");
    StringJoiner aliases = new StringJoiner(", ");
    StringJoiner updates = new StringJoiner(", ");
    for (int i = 0; i < columns.size(); i++) {
      LayoutColumn column = columns.get(i);
      String quoted = SqlName.quote(column.column());
      String alias = "c" + i;
      targets.add(quoted);
      selects.add(
          column.type() == ColumnType.TEXT
              ? "s." + alias
              : "s." + alias + "::" + column.type().sql());
      arrays.add("$" + (i + 1) + "::text[]");
      aliases.add(alias);
      if (!primaryKey.contains(column.column())) {
        updates.add(quoted + " = " + ifNewer(quoted));
      }
    }
    int ingestedAt = columns.size() + 1;
    int jobId = columns.size() + 2;
    MetadataColumns.ALL.forEach(c -> targets.add(SqlName.quote(c)));
    selects
        .add("$" + ingestedAt + "::timestamptz")
        .add("now()")
        .add("false")
        .add("$" + jobId + "::uuid");
    updates
        .add("\"__ingested_at\" = " + ifNewer("\"__ingested_at\""))
        .add("\"__loaded_at\" = " + ifNewer("\"__loaded_at\""))
        .add("\"__marked_deleted\" = false")
        .add("\"__job_id\" = EXCLUDED.\"__job_id\"");
    StringJoiner key = new StringJoiner(", ");
    primaryKey.forEach(c -> key.add(SqlName.quote(c)));
    return "INSERT INTO "
        + table.qualified()
        + " AS t ("
        + targets
        + ") SELECT "
        + selects
        + " FROM unnest("
        + arrays
        + ") AS s("
        + aliases
        + ") ON CONFLICT ("
        + key
        + ") DO UPDATE SET "
        + updates
        + " WHERE "
        + NEWER
        + " OR t.\"__job_id\" IS DISTINCT FROM EXCLUDED.\"__job_id\""
        + " OR t.\"__marked_deleted\" IS TRUE";
  }

  /** The incoming value when its version is newer, else the stored one. */
  private static String ifNewer(String quotedColumn) {
    return "CASE WHEN "
        + NEWER
        + " THEN EXCLUDED."
        + quotedColumn
        + " ELSE t."
        + quotedColumn
        + " END";
  }
}
