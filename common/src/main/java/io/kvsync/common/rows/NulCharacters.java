package io.kvsync.common.rows;

/**
 * PostgreSQL stores no NUL character (U+0000) in {@code text} or {@code jsonb}: a value holding one
 * would fail its record on every run. The rule (README, "Limits"): NUL characters are removed from
 * text values, and from the strings and keys inside JSON values; nothing else changes.
 */
public final class NulCharacters {

  private static final char NUL = '\u0000';

  /** How JSON text spells a NUL character: strings and keys can hold it only escaped. */
  private static final String JSON_ESCAPE = "\\u0000";

  private NulCharacters() {}

  /** {@code text} without its NUL characters (the same instance when it has none). */
  public static String removeFromText(String text) {
    return text == null || text.indexOf(NUL) < 0 ? text : text.replace(String.valueOf(NUL), "");
  }

  /**
   * JSON text without the NUL characters of its strings and keys (the same instance when it has
   * none). Only a real escape counts: in {@code "\\u0000"} the backslash is itself escaped, and the
   * text {@code u0000} that follows is kept.
   */
  public static String removeFromJson(String json) {
    if (json == null || !json.contains(JSON_ESCAPE)) {
      return json;
    }
    StringBuilder out = new StringBuilder(json.length());
    int i = 0;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c != '\\' || i + 1 == json.length()) {
        out.append(c);
        i++;
      } else if (json.startsWith(JSON_ESCAPE, i)) {
        i += JSON_ESCAPE.length();
      } else {
        out.append(c).append(json.charAt(i + 1)); // any other escape, kept whole
        i += 2;
      }
    }
    return out.toString();
  }
}
