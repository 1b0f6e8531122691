package io.kvsync.common.rows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One value of a mapped record.
 *
 * @param source the stable source name (attribute, {@code location.city}, {@code
 *     relationships.metric.data.id}), kept as the column's comment
 * @param column the sanitised column name before collisions are resolved
 * @param type the type of this value, or null for a JSON null (which fits any column)
 * @param value the raw JSON value
 */
public record Field(String source, String column, ColumnType type, JsonNode value) {

  public boolean isNull() {
    return type == null;
  }

  /**
   * The value as PostgreSQL text input for a column of {@code target}, a type that holds this
   * value's type; null for a JSON null.
   */
  public String textFor(ColumnType target) {
    if (type == null) {
      return null;
    }
    return switch (target) {
      case BIGINT, BOOLEAN -> value.asText();
      case NUMERIC -> value.decimalValue().toPlainString();
      case TIMESTAMPTZ -> parseDatetime(value.textValue()).toString();
      case JSONB -> value.toString();
      case TEXT -> value.isValueNode() ? value.asText() : value.toString();
    };
  }

  /** An ISO-8601 datetime with an offset, or null when the text is not one. */
  static Instant parseDatetime(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
