package io.kvsync.emulator.api.filter;

import io.kvsync.emulator.api.filter.FilterExpression.And;
import io.kvsync.emulator.api.filter.FilterExpression.Bare;
import io.kvsync.emulator.api.filter.FilterExpression.Condition;
import io.kvsync.emulator.api.filter.FilterExpression.FilterValue;
import io.kvsync.emulator.api.filter.FilterExpression.ListValue;
import io.kvsync.emulator.api.filter.FilterExpression.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Klaviyo's filter syntax: {@code operator(field,value)}, {@code and(…)} or a top-level
 * comma list (read as {@code and}), strings in single (or double) quotes with backslash escapes,
 * lists in brackets, unquoted datetimes and numbers.
 */
public final class FilterParser {

  private final String text;
  private int pos;

  private FilterParser(String text) {
    this.text = text;
  }

  /**
   * Parses one expression, or a top-level comma-separated list of them, which Klaviyo reads as
   * their conjunction: {@code equals(a,'x'),greater-than(b,1)} is {@code
   * and(equals(a,'x'),greater-than(b,1))}.
   *
   * @throws InvalidFilterException saying where the syntax breaks
   */
  public static FilterExpression parse(String text) {
    FilterParser parser = new FilterParser(text);
    List<FilterExpression> parts = new ArrayList<>();
    do {
      parts.add(parser.expression());
    } while (parser.tryConsume(','));
    parser.skipSpaces();
    if (parser.pos != text.length()) {
      throw parser.error("unexpected text after the expression");
    }
    return parts.size() == 1 ? parts.get(0) : new And(List.copyOf(parts));
  }

  private FilterExpression expression() {
    skipSpaces();
    String operator = word();
    if (operator.isEmpty()) {
      throw error("expected an operator such as equals(…)");
    }
    expect('(');
    if (operator.equals("and")) {
      List<FilterExpression> terms = new ArrayList<>();
      do {
        terms.add(expression());
        skipSpaces();
      } while (tryConsume(','));
      expect(')');
      if (terms.size() < 2) {
        throw error("and(…) needs at least two conditions");
      }
      return new And(List.copyOf(terms));
    }
    skipSpaces();
    String field = word();
    if (field.isEmpty()) {
      throw error("expected a field name after '" + operator + "('");
    }
    skipSpaces();
    FilterValue value = null;
    if (tryConsume(',')) {
      value = value();
      skipSpaces();
    }
    expect(')');
    return new Condition(operator, field, value);
  }

  private FilterValue value() {
    skipSpaces();
    if (pos >= text.length()) {
      throw error("expected a value");
    }
    char c = text.charAt(pos);
    if (c == '\'' || c == '"') {
      return new Text(quoted(c));
    }
    if (c == '[') {
      pos++;
      List<FilterValue> items = new ArrayList<>();
      skipSpaces();
      if (!tryConsume(']')) {
        do {
          FilterValue item = value();
          if (item instanceof ListValue) {
            throw error("lists cannot be nested");
          }
          items.add(item);
          skipSpaces();
        } while (tryConsume(','));
        expect(']');
      }
      return new ListValue(List.copyOf(items));
    }
    int start = pos;
    while (pos < text.length() && ",)]( ".indexOf(text.charAt(pos)) < 0) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a value");
    }
    return new Bare(text.substring(start, pos));
  }

  private String quoted(char quote) {
    pos++;
    StringBuilder value = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '\\' && pos < text.length()) {
        value.append(text.charAt(pos++));
      } else if (c == quote) {
        return value.toString();
      } else {
        value.append(c);
      }
    }
    throw error("unterminated string");
  }

  private String word() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '$') {
        pos++;
      } else {
        break;
      }
    }
    return text.substring(start, pos);
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }

  private boolean tryConsume(char c) {
    skipSpaces();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!tryConsume(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private InvalidFilterException error(String problem) {
    return new InvalidFilterException(
        "Invalid filter: " + problem + " at position " + pos + " of '" + text + "'.");
  }
}
