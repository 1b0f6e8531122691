package io.kvsync.extractor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a record's key columns the way the loader's generic mapping does ({@code id}, attributes,
 * to-one relationships as {@code <name>_id}), so tests compare exactly what the destination will
 * hold with the emulator's ground truth.
 */
public final class RecordKeys {

  private RecordKeys() {}

  /** The key of a published record, e.g. {@code list_id=L1|profile_id=P9}. */
  public static String of(JsonNode record, List<String> keyColumns) {
    return keyColumns.stream()
        .map(column -> column + "=" + normalise(column(record, column)))
        .collect(Collectors.joining("|"));
  }

  /** The key of a ground-truth row. */
  public static String ofTruth(JsonNode row, List<String> keyColumns) {
    return keyColumns.stream()
        .map(column -> column + "=" + normalise(row.path(column).asText(null)))
        .collect(Collectors.joining("|"));
  }

  /** The value the loader would store in {@code column}, as text. */
  public static String column(JsonNode record, String column) {
    if (column.equals("id")) {
      return record.path("id").asText(null);
    }
    JsonNode attribute = record.path("attributes").path(column);
    if (!attribute.isMissingNode() && !attribute.isNull()) {
      return attribute.asText();
    }
    if (column.endsWith("_id")) {
      String relationship = column.substring(0, column.length() - 3);
      Iterator<Map.Entry<String, JsonNode>> relationships = record.path("relationships").fields();
      while (relationships.hasNext()) {
        Map.Entry<String, JsonNode> entry = relationships.next();
        if (entry.getKey().replace('-', '_').equals(relationship)) {
          return entry.getValue().path("data").path("id").asText(null);
        }
      }
    }
    return null;
  }

  /** Datetimes compare as instants, whatever their offset notation. */
  private static String normalise(String value) {
    if (value == null || value.length() < 19 || value.charAt(10) != 'T') {
      return value;
    }
    try {
      return OffsetDateTime.parse(value).toInstant().toString();
    } catch (DateTimeParseException e) {
      return value;
    }
  }
}
