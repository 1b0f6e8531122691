package io.kvsync.loader.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.catalogue.RowShape;
import io.kvsync.common.contract.RecordFailure;
import io.kvsync.common.rows.Field;
import io.kvsync.common.rows.MappedRecord;
import io.kvsync.common.rows.RowMapper;
import io.kvsync.common.rows.SourceRecord;
import io.kvsync.loader.schema.LayoutColumn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A batch's records mapped to rows, ready to write: records that cannot load (oversize, no key) set
 * aside as failures, and one row per key, the last one of the batch winning (PostgreSQL refuses to
 * update a row twice in one statement).
 */
public final class PreparedBatch {

  /**
   * {@code meta} member of the stub an extractor sends instead of a record over its size limit
   * (docs/architecture.md §4.7): reported as failed, never loaded.
   */
  static final String OVERSIZE_MARKER = "kvsync_oversize";

  private final List<MappedRecord> rows;
  private final List<RecordFailure> failures;

  private PreparedBatch(List<MappedRecord> rows, List<RecordFailure> failures) {
    this.rows = rows;
    this.failures = failures;
  }

  /** Prepares records held as trees (each is read as it would be from a message body). */
  public static PreparedBatch of(
      RowShape shape,
      List<String> key,
      List<ObjectNode> records,
      long batchBytes,
      long maxRecordBytes) {
    RowMapper mapper = new RowMapper(shape);
    List<SourceRecord> read = new ArrayList<>(records.size());
    for (ObjectNode record : records) {
      read.add(mapper.read(record));
    }
    return of(key, read, batchBytes, maxRecordBytes);
  }

  /**
   * @param batchBytes the size of the whole message: when it is within the limit, no record can
   *     exceed it
   */
  public static PreparedBatch of(
      List<String> key, List<SourceRecord> records, long batchBytes, long maxRecordBytes) {
    // Sorted by key: concurrent batches then lock shared rows in the same order (no deadlocks).
    Map<String, MappedRecord> byKey = new TreeMap<>();
    List<RecordFailure> failures = new ArrayList<>();
    for (SourceRecord record : records) {
      MappedRecord row = record.row();
      JsonNode oversize = record.meta() == null ? null : record.meta().path(OVERSIZE_MARKER);
      if (oversize != null && oversize.isObject()) {
        failures.add(
            RecordFailure.of(row.recordId(), oversize.path("reason").asText("oversize"), null));
        continue;
      }
      if (batchBytes > maxRecordBytes && record.size() > maxRecordBytes) {
        failures.add(
            RecordFailure.of(
                row.recordId(),
                "record of "
                    + record.size()
                    + " bytes exceeds the limit of "
                    + maxRecordBytes
                    + " bytes",
                record.json()));
        continue;
      }
      String keyValue = keyOf(row, key);
      if (keyValue == null) {
        failures.add(
            RecordFailure.of(
                row.recordId(), "record has no value for its key " + key, record.json()));
        continue;
      }
      byKey.put(keyValue, row); // the batch's last version of a key wins
    }
    return new PreparedBatch(List.copyOf(byKey.values()), List.copyOf(failures));
  }

  public List<MappedRecord> rows() {
    return rows;
  }

  public List<RecordFailure> failures() {
    return failures;
  }

  /** The rows as one text array per column, in the layout's column order. */
  public Object[] columnArrays(List<LayoutColumn> columns) {
    Map<String, Integer> indexBySource = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      indexBySource.put(columns.get(i).source(), i);
    }
    String[][] arrays = new String[columns.size()][rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      for (Field field : rows.get(r).fields()) {
        Integer c = indexBySource.get(field.source());
        if (c != null) {
          arrays[c][r] = field.textFor(columns.get(c).type());
        }
      }
    }
    return arrays;
  }

  private static String keyOf(MappedRecord row, List<String> key) {
    StringBuilder value = new StringBuilder();
    for (String column : key) {
      Field field = keyField(row, column);
      if (field == null) {
        return null;
      }
      // A separator no id contains, so ("a","bc") and ("ab","c") stay apart.
      value.append(field.value() == null ? field.text() : field.value().asText()).append('\u0000');
    }
    return value.toString();
  }

  private static Field keyField(MappedRecord row, String column) {
    for (Field field : row.fields()) {
      if (field.column().equals(column) && !field.isNull()) {
        return field;
      }
    }
    return null;
  }
}
