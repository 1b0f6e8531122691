package io.kvsync.loader.schema;

import io.kvsync.common.naming.SqlName;
import io.kvsync.common.rows.ColumnType;
import io.kvsync.loader.destination.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One DDL change a batch needs, with the words the activity log shows for it. */
public sealed interface SchemaChange {

  List<String> statements(TableRef table);

  String describe(TableRef table);

  /** A new table with the batch's columns, its key and the metadata columns. */
  record CreateTable(List<LayoutColumn> columns, List<String> primaryKey) implements SchemaChange {
    @Override
    public List<String> statements(TableRef table) {
      String definitions =
          columns.stream()
              .map(
                  c ->
                      SqlName.quote(c.column())
                          + " "
                          + c.type().sql()
                          + (primaryKey.contains(c.column()) ? " NOT NULL" : ""))
              .collect(Collectors.joining(", "));
      String key = primaryKey.stream().map(SqlName::quote).collect(Collectors.joining(", "));
      List<String> ddl = new ArrayList<>();
      ddl.add(
          "CREATE TABLE IF NOT EXISTS "
              + table.qualified()
              + " ("
              + definitions
              + ", "
              + MetadataColumns.DEFINITIONS
              + ", PRIMARY KEY ("
              + key
              + "))");
      columns.forEach(c -> ddl.add(comment(table, c)));
      return ddl;
    }

    @Override
    public String describe(TableRef table) {
      return "created table "
          + table
          + " ("
          + columns.stream()
              .map(c -> c.column() + " " + c.type().sql())
              .collect(Collectors.joining(", "))
          + ")";
    }
  }

  /** A column for a source the table has not seen before. */
  record AddColumn(LayoutColumn column) implements SchemaChange {
    @Override
    public List<String> statements(TableRef table) {
      return List.of(
          "ALTER TABLE "
              + table.qualified()
              + " ADD COLUMN IF NOT EXISTS "
              + SqlName.quote(column.column())
              + " "
              + column.type().sql(),
          comment(table, column));
    }

    @Override
    public String describe(TableRef table) {
      return "added column "
          + table
          + "."
          + column.column()
          + " "
          + column.type().sql()
          + " (source: "
          + column.source()
          + ")";
    }
  }

  /** A column whose type no longer holds the values that arrive; every value is kept. */
  record WidenColumn(String column, ColumnType from, ColumnType to) implements SchemaChange {
    @Override
    public List<String> statements(TableRef table) {
      String quoted = SqlName.quote(column);
      return List.of(
          "ALTER TABLE "
              + table.qualified()
              + " ALTER COLUMN "
              + quoted
              + " TYPE "
              + to.sql()
              + " USING "
              + quoted
              + "::"
              + to.sql());
    }

    @Override
    public String describe(TableRef table) {
      return "widened column " + table + "." + column + " from " + from.sql() + " to " + to.sql();
    }
  }

  private static String comment(TableRef table, LayoutColumn column) {
    return "COMMENT ON COLUMN "
        + table.qualified()
        + "."
        + SqlName.quote(column.column())
        + " IS "
        + SqlName.literal(SchemaReader.SOURCE_COMMENT_PREFIX + column.source());
  }
}
