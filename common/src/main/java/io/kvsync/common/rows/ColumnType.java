package io.kvsync.common.rows;

import java.util.Locale;
import java.util.Optional;

/**
 * The PostgreSQL types a destination column can have, and how they widen when a value no longer
 * fits: {@code bigint → numeric → text}, {@code boolean → text}, {@code timestamptz → text}. A
 * {@code jsonb} column holds any JSON value and never widens; {@code text} holds anything.
 */
public enum ColumnType {
  BIGINT("bigint"),
  NUMERIC("numeric"),
  BOOLEAN("boolean"),
  TIMESTAMPTZ("timestamptz"),
  JSONB("jsonb"),
  TEXT("text");

  private final String sql;

  ColumnType(String sql) {
    this.sql = sql;
  }

  public String sql() {
    return sql;
  }

  /** The narrowest type holding values of both {@code current} and {@code incoming} unchanged. */
  public static ColumnType widen(ColumnType current, ColumnType incoming) {
    if (current == null) {
      return incoming;
    }
    if (incoming == null || current == incoming) {
      return current;
    }
    if (isNumber(current) && isNumber(incoming)) {
      return NUMERIC;
    }
    if (current == JSONB) {
      return JSONB;
    }
    return TEXT;
  }

  /** Whether a column of this type stores {@code incoming} values without changing its type. */
  public boolean holds(ColumnType incoming) {
    return widen(this, incoming) == this;
  }

  /**
   * Reads a type as {@code format_type()} reports it. Types the loader never creates (a column a
   * user altered) count as text, which any value can be cast to through its text form.
   */
  public static ColumnType fromSql(String formatType) {
    String type = formatType.toLowerCase(Locale.ROOT);
    return switch (type) {
      case "bigint", "integer", "smallint" -> BIGINT;
      case "boolean" -> BOOLEAN;
      case "timestamp with time zone" -> TIMESTAMPTZ;
      case "jsonb", "json" -> JSONB;
      default ->
          type.startsWith("numeric") || type.equals("double precision") || type.equals("real")
              ? NUMERIC
              : TEXT;
    };
  }

  public static Optional<ColumnType> ofSqlName(String sql) {
    for (ColumnType type : values()) {
      if (type.sql.equals(sql)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  private static boolean isNumber(ColumnType type) {
    return type == BIGINT || type == NUMERIC;
  }
}
