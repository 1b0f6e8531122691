package io.kvsync.emulator.admin;

import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.data.Metric;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What each destination table must hold after a full replication: one row per source object with
 * the table's key columns and a few value columns, named as in the destination. Rows stream in key
 * order, so five million events never sit in memory at once.
 */
public final class GroundTruth {

  /** A table's rows (streamed) and the ids deleted from the source through the admin API. */
  public interface TableTruth {
    List<String> keyColumns();

    Iterator<Map<String, Object>> rows(Dataset data);

    List<String> deletedIds(Dataset data);
  }

  private record Definition(
      List<String> keyColumns,
      Function<Dataset, Iterator<Map<String, Object>>> rows,
      Function<Dataset, List<String>> deleted)
      implements TableTruth {
    @Override
    public Iterator<Map<String, Object>> rows(Dataset data) {
      return rows.apply(data);
    }

    @Override
    public List<String> deletedIds(Dataset data) {
      return deleted.apply(data);
    }
  }

  private static final Map<String, TableTruth> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put(
        "metric_v2",
        new Definition(
            List.of("id"),
            data -> data.metrics().sortedById().stream().map(GroundTruth::metricRow).iterator(),
            data -> data.metrics().deletedIds()));
  }

  private GroundTruth() {}

  private static Map<String, Object> metricRow(Metric m) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", m.id());
    row.put("name", m.name());
    return row;
  }

  public static Set<String> tables() {
    return new TreeSet<>(TABLES.keySet());
  }

  /**
   * @throws IllegalArgumentException naming the known tables
   */
  public static TableTruth of(String table) {
    TableTruth truth = TABLES.get(table);
    if (truth == null) {
      throw new IllegalArgumentException(
          "unknown table '" + table + "'; known: " + String.join(", ", TABLES.keySet()));
    }
    return truth;
  }
}
