package io.kvsync.loader.schema;

import io.kvsync.common.naming.ColumnNames;
import io.kvsync.common.rows.ColumnType;
import io.kvsync.common.rows.Field;
import io.kvsync.common.rows.MappedRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns one batch writes and the schema changes it needs first, resolved against what the
 * table holds: known sources keep their column, new sources get a new (collision-free) column, and
 * a column whose type does not hold a value widens.
 *
 * @param columns the columns the batch writes, key columns first
 * @param changes the DDL to apply before writing, empty when the table already fits
 * @param resulting the table once the changes are applied
 */
public record BatchLayout(
    List<LayoutColumn> columns, List<SchemaChange> changes, TableModel resulting) {

  /** Resolves {@code records} against {@code model}. Pure: the same inputs give the same layout. */
  public static BatchLayout plan(
      TableModel model, List<String> primaryKey, List<MappedRecord> records) {
    ColumnNames names = model.names();
    Map<String, String> columnBySource = new LinkedHashMap<>();
    Map<String, ColumnType> incoming = new LinkedHashMap<>();
    for (MappedRecord record : records) {
      for (Field field : record.fields()) {
        String column = columnBySource.get(field.source());
        if (column == null) {
          boolean known = model.columnBySource().containsKey(field.source());
          if (field.isNull() && !known) {
            continue; // a column is created once a value gives it a type
          }
          column = names.columnFor(field.source(), field.column());
          columnBySource.put(field.source(), column);
        }
        if (!field.isNull()) {
          incoming.merge(column, field.type(), ColumnType::widen);
        }
      }
    }

    List<LayoutColumn> columns = new ArrayList<>();
    List<SchemaChange> changes = new ArrayList<>();
    List<LayoutColumn> added = new ArrayList<>();
    Map<String, String> resultingSources = new LinkedHashMap<>(model.columnBySource());
    Map<String, ColumnType> resultingTypes = new LinkedHashMap<>(model.types());
    columnBySource.forEach(
        (source, column) -> {
          ColumnType existing = model.types().get(column);
          ColumnType needed = ColumnType.widen(existing, incoming.get(column));
          LayoutColumn layoutColumn = new LayoutColumn(source, column, needed);
          columns.add(layoutColumn);
          if (existing == null) {
            added.add(layoutColumn);
          } else if (existing != needed) {
            changes.add(new SchemaChange.WidenColumn(column, existing, needed));
          }
          resultingSources.put(source, column);
          resultingTypes.put(column, needed);
        });
    if (!model.exists()) {
      Set<String> present = new HashSet<>(columnBySource.values());
      if (!present.containsAll(primaryKey)) {
        throw new IllegalStateException(
            "Cannot create " + model.ref() + " without its key columns " + primaryKey);
      }
      changes.add(0, new SchemaChange.CreateTable(added, primaryKey));
    } else {
      added.forEach(c -> changes.add(new SchemaChange.AddColumn(c)));
    }
    TableModel resulting =
        new TableModel(model.ref(), true, resultingSources, resultingTypes, model.otherColumns());
    return new BatchLayout(List.copyOf(columns), List.copyOf(changes), resulting);
  }

  public boolean needsChanges() {
    return !changes.isEmpty();
  }
}
