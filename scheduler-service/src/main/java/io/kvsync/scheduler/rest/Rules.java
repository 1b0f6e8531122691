package io.kvsync.scheduler.rest;

import java.util.regex.Pattern;

/** Field rules shared by the API's requests; each failure names the field and the rule. */
public final class Rules {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_]{0,30}");

  public static final int MAX_NAME_LENGTH = 255;

  private Rules() {}

  /** Required, at most 255 characters; returns the trimmed value. */
  public static String name(String field, String value) {
    String trimmed = required(field, value);
    if (trimmed.length() > MAX_NAME_LENGTH) {
      throw ApiProblem.invalid(
          field, field + " must be at most " + MAX_NAME_LENGTH + " characters long");
    }
    return trimmed;
  }

  public static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiProblem.invalid(field, field + " is required");
    }
    return value.trim();
  }

  /** A PostgreSQL identifier that needs no quoting tricks: letters, digits, underscores. */
  public static String identifier(String field, String value) {
    if (!IDENTIFIER.matcher(value).matches()) {
      throw ApiProblem.invalid(
          field,
          field
              + " must start with a letter or underscore and contain only letters, digits and"
              + " underscores (at most 63)");
    }
    return value;
  }

  public static String tablePrefix(String field, String value) {
    if (!PREFIX.matcher(value).matches()) {
      throw ApiProblem.invalid(
          field, field + " may contain only letters, digits and underscores (at most 30)");
    }
    return value;
  }

  /** An optional JSON boolean: absent is false; a string or a number is refused, never guessed. */
  public static boolean flag(String field, Object value) {
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean flag)) {
      throw ApiProblem.invalid(field, field + " must be true or false; got " + value);
    }
    return flag;
  }

  public static int port(String field, Integer value, int fallback) {
    int port = value == null ? fallback : value;
    if (port < 1 || port > 65535) {
      throw ApiProblem.invalid(field, field + " must be between 1 and 65535");
    }
    return port;
  }
}
