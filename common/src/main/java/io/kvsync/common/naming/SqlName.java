package io.kvsync.common.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Turns a source name (a Klaviyo attribute, a table name) into a PostgreSQL identifier people can
 * type without quotes: accents stripped, camelCase split, anything outside {@code [A-Za-z0-9_]}
 * replaced by {@code _}, repeated {@code _} collapsed, trimmed, lowercased, a leading digit
 * prefixed with {@code _}, and at most 63 bytes (longer names end with a short hash of the source
 * name, so two long names differing only at the end stay apart).
 */
public final class SqlName {

  /** PostgreSQL's NAMEDATALEN - 1: longer identifiers are silently truncated by the server. */
  public static final int MAX_BYTES = 63;

  /** Length of the hex hash appended to shortened or colliding names. */
  static final int HASH_CHARS = 6;

  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern CAMEL_BOUNDARY = Pattern.compile("([a-z])([A-Z])");
  private static final Pattern NOT_IDENTIFIER = Pattern.compile("[^A-Za-z0-9_]");
  private static final Pattern REPEATED_UNDERSCORES = Pattern.compile("_{2,}");

  private SqlName() {}

  /** The sanitised identifier for {@code source}; never empty, never longer than 63 bytes. */
  public static String sanitise(String source) {
    String name = Normalizer.normalize(source, Normalizer.Form.NFD);
    name = COMBINING_MARKS.matcher(name).replaceAll("");
    name = CAMEL_BOUNDARY.matcher(name).replaceAll("$1_$2");
    name = NOT_IDENTIFIER.matcher(name).replaceAll("_");
    name = REPEATED_UNDERSCORES.matcher(name).replaceAll("_");
    name = trimUnderscores(name).toLowerCase(java.util.Locale.ROOT);
    if (name.isEmpty()) {
      // Nothing typeable survived (e.g. "$$" or a non-Latin script): keep it unique by its hash.
      return "column_" + hash(source);
    }
    if (Character.isDigit(name.charAt(0))) {
      name = "_" + name;
    }
    return name.length() <= MAX_BYTES ? name : withHashSuffix(name, source);
  }

  /**
   * {@code name} shortened as needed and suffixed with a hash of {@code source}: used for names
   * over the limit and for the later of two sources that sanitise to the same name.
   */
  public static String withHashSuffix(String name, String source) {
    String suffix = "_" + hash(source);
    int keep = Math.min(name.length(), MAX_BYTES - suffix.length());
    return trimTrailingUnderscores(name.substring(0, keep)) + suffix;
  }

  /** Quotes an identifier for SQL, so no name can change the statement. */
  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** Quotes a string literal for SQL (DDL comments, which take no bind parameters). */
  public static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  static String hash(String source) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static String trimUnderscores(String name) {
    int start = 0;
    int end = name.length();
    while (start < end && name.charAt(start) == '_') {
      start++;
    }
    while (end > start && name.charAt(end - 1) == '_') {
      end--;
    }
    return name.substring(start, end);
  }

  private static String trimTrailingUnderscores(String name) {
    int end = name.length();
    while (end > 1 && name.charAt(end - 1) == '_') {
      end--;
    }
    return name.substring(0, end);
  }
}
