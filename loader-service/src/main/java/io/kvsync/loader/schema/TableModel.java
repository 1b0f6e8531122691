package io.kvsync.loader.schema;

import io.kvsync.common.naming.ColumnNames;
import io.kvsync.common.rows.ColumnType;
import io.kvsync.loader.destination.TableRef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a destination table holds: its data columns with their source names and types. Immutable; a
 * schema change produces a new model.
 *
 * @param columnBySource data columns, by the source name kept in their comment
 * @param types every column's type, metadata columns excluded
 * @param otherColumns columns without a source comment (created by someone else): never reused
 */
public record TableModel(
    TableRef ref,
    boolean exists,
    Map<String, String> columnBySource,
    Map<String, ColumnType> types,
    Set<String> otherColumns) {

  public TableModel {
    columnBySource = Collections.unmodifiableMap(new LinkedHashMap<>(columnBySource));
    types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    otherColumns = Set.copyOf(otherColumns);
  }

  public static TableModel missing(TableRef ref) {
    return new TableModel(ref, false, Map.of(), Map.of(), Set.of());
  }

  /** The naming state of this table: existing columns kept, metadata and foreign names taken. */
  ColumnNames names() {
    ColumnNames names = new ColumnNames();
    MetadataColumns.ALL.forEach(names::reserve);
    otherColumns.forEach(names::reserve);
    columnBySource.forEach(names::existing);
    return names;
  }
}
