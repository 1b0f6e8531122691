package io.kvsync.common.rows;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
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
 * @param value the JSON value of a scalar; null for objects and arrays, which are kept as their
 *     JSON text only
 * @param text the value as text input for a column of its own {@code type}, computed once (the
 *     loader sends every value as text); null for a JSON null
 */
public record Field(String source, String column, ColumnType type, JsonNode value, String text) {

  /**
   * Widest exponent written out digit by digit; beyond it, scientific notation keeps memory
   * bounded.
   */
  private static final int MAX_PLAIN_EXPONENT = 1000;

  /** A field whose text is derived from its value and type. */
  public static Field of(String source, String column, ColumnType type, JsonNode value) {
    return new Field(source, column, type, value, type == null ? null : render(type, value, null));
  }

  /** An object or array, kept as its compact JSON text: rendered the same for any column. */
  static Field json(String source, String column, String jsonText) {
    return new Field(source, column, ColumnType.JSONB, null, jsonText);
  }

  /** A datetime field whose value was already parsed. */
  static Field datetime(String source, String column, JsonNode value, Instant parsed) {
    return new Field(source, column, ColumnType.TIMESTAMPTZ, value, parsed.toString());
  }

  public boolean isNull() {
    return type == null;
  }

  /**
   * The value as PostgreSQL text input for a column of {@code target}, a type that holds this
   * value's type; null for a JSON null. Every value the loader writes passes here, and leaves
   * without NUL characters ({@link NulCharacters}).
   */
  public String textFor(ColumnType target) {
    if (type == null) {
      return null;
    }
    // JSON text fits the only columns that hold it (jsonb, text) as it is.
    boolean jsonText = value == null;
    String input = target == type || jsonText ? text : render(target, value, text);
    return jsonText || target == ColumnType.JSONB
        ? NulCharacters.removeFromJson(input)
        : NulCharacters.removeFromText(input);
  }

  private static String render(ColumnType target, JsonNode value, String ownText) {
    return switch (target) {
      case BIGINT, BOOLEAN -> value.asText();
      case NUMERIC -> exactDecimal(value);
      case TIMESTAMPTZ -> ownText != null ? ownText : parseDatetime(value.textValue()).toString();
      case JSONB -> value.toString();
      case TEXT ->
          value.isNumber()
              ? exactDecimal(value)
              : value.isValueNode() ? value.asText() : value.toString();
    };
  }

  /**
   * A number's exact decimal text, as PostgreSQL's {@code numeric} reads and writes it ({@code
   * 1.10} stays {@code 1.10}, {@code 1e3} is {@code 1000}). Numbers arrive as {@code BigDecimal}s
   * or integers (never doubles: {@code WireFormat}), so no digit changes.
   */
  private static String exactDecimal(JsonNode number) {
    BigDecimal decimal = number.decimalValue();
    return Math.abs((long) decimal.scale()) <= MAX_PLAIN_EXPONENT
        ? decimal.toPlainString()
        : decimal.toString();
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
