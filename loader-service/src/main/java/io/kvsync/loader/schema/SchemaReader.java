package io.kvsync.loader.schema;

import io.kvsync.common.rows.ColumnType;
import io.kvsync.loader.destination.TableRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads a table's model from the PostgreSQL catalog; the source names live in column comments. */
final class SchemaReader {

  static final String SOURCE_COMMENT_PREFIX = "source: ";

  private static final String COLUMNS =
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), col_description(a.attrelid,"
          + " a.attnum) FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0"
          + " AND NOT a.attisdropped ORDER BY a.attnum";

  private SchemaReader() {}

  static Uni<TableModel> read(SqlClient client, TableRef ref) {
    return client
        .preparedQuery(COLUMNS)
        .execute(Tuple.of(ref.qualified()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return TableModel.missing(ref);
              }
              Map<String, String> columnBySource = new LinkedHashMap<>();
              Map<String, ColumnType> types = new LinkedHashMap<>();
              Set<String> others = new HashSet<>();
              for (Row row : rows) {
                String column = row.getString(0);
                if (MetadataColumns.ALL.contains(column)) {
                  continue;
                }
                String comment = row.getString(2);
                types.put(column, ColumnType.fromSql(row.getString(1)));
                if (comment != null && comment.startsWith(SOURCE_COMMENT_PREFIX)) {
                  columnBySource.put(comment.substring(SOURCE_COMMENT_PREFIX.length()), column);
                } else {
                  others.add(column);
                }
              }
              return new TableModel(ref, true, columnBySource, types, others);
            });
  }
}
