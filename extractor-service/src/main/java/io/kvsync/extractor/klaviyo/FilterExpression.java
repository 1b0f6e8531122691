package io.kvsync.extractor.klaviyo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;

/** Klaviyo's filter language: {@code operator(field,value)} terms joined by {@code and(...)}. */
public final class FilterExpression {

  /** ISO-8601 with an explicit {@code +00:00} offset: the spec's examples never use {@code Z}. */
  private static final DateTimeFormatter DATETIME =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .appendOffset("+HH:MM", "+00:00")
          .toFormatter();

  private FilterExpression() {}

  /** A datetime literal: unquoted, with an offset. */
  public static String datetime(Instant instant) {
    return DATETIME.format(instant.atOffset(ZoneOffset.UTC));
  }

  public static String term(String operator, String field, Instant value) {
    return operator + "(" + field + "," + datetime(value) + ")";
  }

  /**
   * Joins terms; one term stands alone, several are wrapped in {@code and(...)}.
   *
   * @return null when there are no terms (no filter parameter at all)
   */
  public static String allOf(List<String> terms) {
    if (terms.isEmpty()) {
      return null;
    }
    if (terms.size() == 1) {
      return terms.get(0);
    }
    return "and(" + String.join(",", terms) + ")";
  }
}
