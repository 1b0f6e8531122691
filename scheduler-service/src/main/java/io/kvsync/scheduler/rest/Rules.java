package io.kvsync.scheduler.rest;

import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The input rules of the API, in one place: field rules shared by the requests (each failure names
 * the field and the rule), the limits of the JSON parser and of the body. The OpenAPI annotations
 * of the requests state the same constants.
 */
public final class Rules {

  public static final String JSON = "application/json";

  /** The largest body the API takes: {@code quarkus.http.limits.max-body-size=10M}. */
  public static final String MAX_BODY_SIZE = "10 MiB";

  public static final String BODY_TOO_LARGE =
      "The body is larger than " + MAX_BODY_SIZE + ", the most the API takes";

  /** No request nests deeper; deeper bodies are refused before they cost a deep recursion. */
  public static final int MAX_JSON_DEPTH = 64;

  /** The longest string value in a body: far above any field's own limit, e.g. a PEM file. */
  public static final int MAX_JSON_STRING_LENGTH = 1024 * 1024;

  public static final int MAX_NAME_LENGTH = 255;

  /** A DNS name: at most 253 characters. */
  public static final int MAX_HOST_LENGTH = 253;

  /** PostgreSQL truncates identifiers (database, user, schema names) beyond 63 bytes. */
  public static final int MAX_IDENTIFIER_LENGTH = 63;

  public static final int MAX_PASSWORD_LENGTH = 1024;
  public static final int MAX_API_KEY_LENGTH = 256;

  /** The patterns OpenAPI states; names PostgreSQL reserves are refused on top. */
  public static final String IDENTIFIER_PATTERN = "^[A-Za-z_][A-Za-z0-9_]{0,62}$";

  public static final String TABLE_PREFIX_PATTERN = "^[A-Za-z0-9_]{0,30}$";

  public static final String IDENTIFIER_RULE =
      " must start with a letter or underscore and contain only letters, digits and underscores"
          + " (at most 63), and not be a name PostgreSQL reserves (pg_..., information_schema)";

  public static final String TABLE_PREFIX_RULE =
      " may contain only letters, digits and underscores (at most 30) and must not start with"
          + " pg_, which PostgreSQL reserves";

  private static final Pattern IDENTIFIER = Pattern.compile(IDENTIFIER_PATTERN);
  private static final Pattern PREFIX = Pattern.compile(TABLE_PREFIX_PATTERN);
  private static final String RESERVED_PREFIX = "pg_";

  private Rules() {}

  /** Required, at most 255 characters; returns the trimmed value. */
  public static String name(String field, String value) {
    return text(field, value, MAX_NAME_LENGTH);
  }

  /** Required, at most {@code max} characters; returns the trimmed value. */
  public static String text(String field, String value, int max) {
    return atMost(field, required(field, value), max);
  }

  /** A Klaviyo private API key: required, at most 256 characters. */
  public static String apiKey(String field, String value) {
    return text(field, value, MAX_API_KEY_LENGTH);
  }

  /** Optional (may be empty), at most {@code max} characters; taken as it came. */
  public static String optionalText(String field, String value, int max) {
    return value == null ? null : atMost(field, value, max);
  }

  private static String atMost(String field, String value, int max) {
    if (value.length() > max) {
      throw ApiProblem.invalid(field, field + " must be at most " + max + " characters long");
    }
    return value;
  }

  public static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiProblem.invalid(field, field + " is required");
    }
    return value.trim();
  }

  /**
   * A schema name that needs no quoting tricks (letters, digits, underscores) and that PostgreSQL
   * does not reserve: {@code pg_*} names are refused by CREATE SCHEMA, and {@code
   * information_schema} is the catalogue's.
   */
  public static String identifier(String field, String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (!IDENTIFIER.matcher(value).matches()
        || lower.startsWith(RESERVED_PREFIX)
        || lower.equals("information_schema")) {
      throw ApiProblem.invalid(field, field + IDENTIFIER_RULE);
    }
    return value;
  }

  /** Letters, digits, underscores; never {@code pg_...}, so no table is named like a catalogue. */
  public static String tablePrefix(String field, String value) {
    if (!PREFIX.matcher(value).matches()
        || value.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
      throw ApiProblem.invalid(field, field + TABLE_PREFIX_RULE);
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

  /** The reason phrase of a status, for the title of a problem. */
  public static String reason(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    return known == null ? "Error" : known.getReasonPhrase();
  }

  /** What a field of this Java type must be, in JSON words. */
  public static String jsonType(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == UUID.class) {
      return "a UUID";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants());
    }
    return "a JSON object";
  }

  /** The rule a body broke, from Jackson's StreamReadConstraints message. */
  public static String parsingLimit(String constraintMessage) {
    String message = constraintMessage == null ? "" : constraintMessage;
    if (message.contains("NestingDepth")) {
      return "The body nests deeper than " + MAX_JSON_DEPTH + " levels";
    }
    if (message.contains("StringLength")) {
      return "A string in the body is longer than " + MAX_JSON_STRING_LENGTH + " characters";
    }
    if (message.contains("NumberLength")) {
      return "A number in the body has too many digits";
    }
    if (message.contains("NameLength")) {
      return "A field name in the body is too long";
    }
    return "The body breaks a limit of the JSON parser";
  }
}
