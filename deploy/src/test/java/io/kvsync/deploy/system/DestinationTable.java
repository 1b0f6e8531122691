package io.kvsync.deploy.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compares a replicated table with the emulator's ground truth: the same keys (no missing, no
 * extra, no duplicate live row) and the same values in every column the truth names.
 */
final class DestinationTable {

  private DestinationTable() {}

  /** Live rows (not marked deleted) of {@code schema.table}, keyed by their key columns. */
  static Map<List<String>, Map<String, String>> liveRows(
      Connection db, String schema, String table, List<String> keyColumns) throws SQLException {
    Map<List<String>, Map<String, String>> rows = new HashMap<>();
    String sql =
        "SELECT * FROM \"" + schema + "\".\"" + table + "\" WHERE __marked_deleted IS NOT TRUE";
    try (Statement query = db.createStatement();
        ResultSet rs = query.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, String> row = new HashMap<>();
        for (int i = 1; i <= columns; i++) {
          row.put(rs.getMetaData().getColumnName(i), normalise(rs.getObject(i)));
        }
        List<String> key = keyColumns.stream().map(c -> keyPart(row.get(c))).toList();
        if (rows.put(key, row) != null) {
          throw new AssertionError(table + " holds two live rows for key " + key);
        }
      }
    }
    return rows;
  }

  /** Keys of rows marked deleted. */
  static Set<List<String>> deletedKeys(
      Connection db, String schema, String table, List<String> keyColumns) throws SQLException {
    Set<List<String>> keys = new LinkedHashSet<>();
    String sql =
        "SELECT * FROM \"" + schema + "\".\"" + table + "\" WHERE __marked_deleted IS TRUE";
    try (Statement query = db.createStatement();
        ResultSet rs = query.executeQuery(sql)) {
      while (rs.next()) {
        List<String> key = new ArrayList<>();
        for (String column : keyColumns) {
          key.add(keyPart(normalise(rs.getObject(column))));
        }
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * Every problem found, one line each (at most {@code limit}); empty when the table matches.
   *
   * @param expected the truth rows that should be live
   */
  static List<String> differences(
      String table,
      List<String> keyColumns,
      List<Map<String, Object>> expected,
      Map<List<String>, Map<String, String>> actual,
      int limit) {
    List<String> problems = new ArrayList<>();
    Set<List<String>> unexpected = new LinkedHashSet<>(actual.keySet());
    for (Map<String, Object> truth : expected) {
      List<String> key = keyColumns.stream().map(c -> keyPart(normalise(truth.get(c)))).toList();
      unexpected.remove(key);
      Map<String, String> row = actual.get(key);
      if (row == null) {
        problems.add(table + ": missing row " + key);
      } else {
        for (Map.Entry<String, Object> column : truth.entrySet()) {
          if (!row.containsKey(column.getKey())) {
            problems.add(table + ": no column " + column.getKey() + " (row " + key + ")");
          } else if (!same(normalise(column.getValue()), row.get(column.getKey()))) {
            problems.add(
                table
                    + ": "
                    + key
                    + "."
                    + column.getKey()
                    + " is "
                    + row.get(column.getKey())
                    + ", Klaviyo has "
                    + column.getValue());
          }
        }
      }
      if (problems.size() >= limit) {
        return problems;
      }
    }
    unexpected.stream()
        .limit(Math.max(0, limit - problems.size()))
        .forEach(key -> problems.add(table + ": extra row " + key));
    return problems;
  }

  /**
   * Asserts that {@code schema.table} holds exactly the emulator's rows of that table. Events dated
   * at or after {@code syncStart} (Klaviyo has some in the future) are left for a later run.
   */
  static void assertMatchesKlaviyo(
      RunningSystem system, String schema, String table, Instant syncStart) throws SQLException {
    try (Connection db = system.destination()) {
      assertMatchesKlaviyo(system, db, schema, table, syncStart);
    }
  }

  /** The same, in the database {@code db} is connected to. */
  static void assertMatchesKlaviyo(
      RunningSystem system, Connection db, String schema, String table, Instant syncStart)
      throws SQLException {
    var klaviyo = system.klaviyo().admin();
    List<String> keyColumns = klaviyo.keyColumns(table);
    List<Map<String, Object>> expected = klaviyo.truth(table);
    if (table.equals("event_v2")) {
      expected =
          expected.stream().filter(datetimeWhere("datetime", t -> t.isBefore(syncStart))).toList();
    }
    List<String> problems =
        differences(table, keyColumns, expected, liveRows(db, schema, table, keyColumns), 20);
    if (!problems.isEmpty()) {
      throw new AssertionError(table + " differs from Klaviyo:\n" + String.join("\n", problems));
    }
  }

  /** Truth rows whose {@code column} datetime satisfies {@code keep}. */
  static Predicate<Map<String, Object>> datetimeWhere(String column, Predicate<Instant> keep) {
    return row -> row.get(column) == null || keep.test(instant(row.get(column).toString()));
  }

  /** A key value in one spelling: datetimes (keys of send times) as UTC instants. */
  private static String keyPart(String value) {
    Instant instant = value == null ? null : instantOrNull(value);
    return instant == null ? value : instant.toString();
  }

  private static boolean same(String expected, String actual) {
    if (expected == null || actual == null) {
      return expected == null && actual == null;
    }
    if (expected.equals(actual)) {
      return true;
    }
    Instant left = instantOrNull(expected);
    Instant right = instantOrNull(actual);
    return left != null && left.equals(right);
  }

  private static String normalise(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toInstant().toString();
    }
    if (value instanceof OffsetDateTime dateTime) {
      return dateTime.toInstant().toString();
    }
    if (value instanceof Boolean bool) {
      return bool.toString();
    }
    if (value instanceof java.math.BigDecimal decimal) {
      return decimal.stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }

  private static Instant instant(String text) {
    Instant parsed = instantOrNull(text);
    if (parsed == null) {
      throw new IllegalArgumentException("not a datetime: " + text);
    }
    return parsed;
  }

  private static Instant instantOrNull(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffsetForm) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException notADatetime) {
        return null;
      }
    }
  }
}
