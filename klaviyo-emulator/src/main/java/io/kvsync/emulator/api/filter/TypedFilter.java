package io.kvsync.emulator.api.filter;

import io.kvsync.emulator.api.EndpointRule;
import io.kvsync.emulator.api.EndpointRule.FilterFieldRule;
import io.kvsync.emulator.api.filter.FilterExpression.And;
import io.kvsync.emulator.api.filter.FilterExpression.Bare;
import io.kvsync.emulator.api.filter.FilterExpression.Condition;
import io.kvsync.emulator.api.filter.FilterExpression.FilterValue;
import io.kvsync.emulator.api.filter.FilterExpression.ListValue;
import io.kvsync.emulator.api.filter.FilterExpression.Text;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A filter checked against one endpoint's {@code x-klaviyo-filters}: a conjunction of conditions
 * whose values carry the field's type (String, Instant, Double, Boolean, or a List of those).
 */
public record TypedFilter(List<TypedCondition> conditions) {

  public static final TypedFilter NONE = new TypedFilter(List.of());

  /**
   * @param operator e.g. {@code greater-than}
   * @param field e.g. {@code updated}
   * @param value typed value; a List for the list form; null for {@code has}
   */
  public record TypedCondition(String operator, String field, Object value) {}

  /**
   * @throws InvalidFilterException when a field, an operator or a value is not allowed
   */
  public static TypedFilter check(FilterExpression expression, EndpointRule rule) {
    List<TypedCondition> conditions = new ArrayList<>();
    flatten(expression, rule, conditions);
    return new TypedFilter(List.copyOf(conditions));
  }

  private static void flatten(
      FilterExpression expression, EndpointRule rule, List<TypedCondition> into) {
    if (expression instanceof And and) {
      and.terms().forEach(term -> flatten(term, rule, into));
      return;
    }
    Condition condition = (Condition) expression;
    FilterFieldRule field = rule.filters().get(condition.field());
    if (field == null) {
      throw new InvalidFilterException(
          "Invalid filter: '"
              + condition.field()
              + "' is not a filterable field for this endpoint; allowed: "
              + String.join(", ", rule.filters().keySet())
              + ".");
    }
    String form =
        condition.value() == null
            ? "none"
            : condition.value() instanceof ListValue ? "list" : "single";
    List<String> operators = field.operators().getOrDefault(form, List.of());
    if (!operators.contains(condition.operator())) {
      throw new InvalidFilterException(
          "Invalid filter: operator '"
              + condition.operator()
              + "' with a "
              + (form.equals("none") ? "missing" : form)
              + " value is not allowed on '"
              + condition.field()
              + "'; allowed: "
              + field.operators()
              + ".");
    }
    Object value = null;
    if (condition.value() instanceof ListValue list) {
      List<Object> items = new ArrayList<>();
      for (FilterValue item : list.items()) {
        items.add(typed(item, field, condition.field()));
      }
      value = List.copyOf(items);
    } else if (condition.value() != null) {
      value = typed(condition.value(), field, condition.field());
    }
    into.add(new TypedCondition(condition.operator(), condition.field(), value));
  }

  private static Object typed(FilterValue value, FilterFieldRule rule, String field) {
    String type = Objects.requireNonNullElse(rule.valueType(), "string");
    if ("date-time".equals(rule.valueFormat())) {
      if (!(value instanceof Bare bare)) {
        throw new InvalidFilterException(
            "Invalid filter: '" + field + "' takes an unquoted ISO-8601 datetime with an offset.");
      }
      try {
        return OffsetDateTime.parse(bare.token()).toInstant();
      } catch (DateTimeParseException e) {
        throw new InvalidFilterException(
            "Invalid filter: '"
                + bare.token()
                + "' is not an ISO-8601 datetime with an offset (URL-encode '+' as %2B).");
      }
    }
    switch (type) {
      case "number", "integer" -> {
        if (value instanceof Bare bare) {
          try {
            return Double.parseDouble(bare.token());
          } catch (NumberFormatException e) {
            // explained below
          }
        }
        throw new InvalidFilterException("Invalid filter: '" + field + "' takes a number.");
      }
      case "boolean" -> {
        if (value instanceof Bare bare
            && (bare.token().equals("true") || bare.token().equals("false"))) {
          return Boolean.valueOf(bare.token());
        }
        throw new InvalidFilterException("Invalid filter: '" + field + "' takes true or false.");
      }
      default -> {
        if (!(value instanceof Text text)) {
          throw new InvalidFilterException(
              "Invalid filter: '" + field + "' takes a quoted string, e.g. '" + "value'.");
        }
        List<String> allowed = rule.valueEnum();
        if (allowed != null && !allowed.contains(text.value())) {
          throw new InvalidFilterException(
              "Invalid filter: '"
                  + text.value()
                  + "' is not one of "
                  + allowed
                  + " for '"
                  + field
                  + "'.");
        }
        return text.value();
      }
    }
  }

  /** The conditions on {@code field}. */
  public List<TypedCondition> on(String field) {
    return conditions.stream().filter(c -> c.field().equals(field)).toList();
  }

  public Optional<Object> equalsValue(String field) {
    return on(field).stream()
        .filter(c -> c.operator().equals("equals") && !(c.value() instanceof List))
        .map(TypedCondition::value)
        .findFirst();
  }

  /**
   * Compiles to a predicate; {@code accessor} returns the item's value of a filter field (a
   * Collection means "any of these").
   */
  public <T> Predicate<T> compile(BiFunction<T, String, Object> accessor) {
    if (conditions.isEmpty()) {
      return item -> true;
    }
    return item -> {
      for (TypedCondition condition : conditions) {
        if (!holds(condition, accessor.apply(item, condition.field()))) {
          return false;
        }
      }
      return true;
    };
  }

  static boolean holds(TypedCondition condition, Object actual) {
    if (condition.operator().equals("has")) {
      return actual != null && !(actual instanceof Collection<?> c && c.isEmpty());
    }
    if (actual instanceof Collection<?> values) {
      for (Object value : values) {
        if (holds(condition, value)) {
          return true;
        }
      }
      return false;
    }
    if (actual == null) {
      return false;
    }
    Object expected = condition.value();
    return switch (condition.operator()) {
      case "equals", "any" ->
          expected instanceof List<?> list
              ? list.stream().anyMatch(e -> same(actual, e))
              : same(actual, expected);
      case "contains" -> actual.toString().contains(expected.toString());
      case "starts-with" -> actual.toString().startsWith(expected.toString());
      case "ends-with" -> actual.toString().endsWith(expected.toString());
      case "greater-than" -> compare(actual, expected) > 0;
      case "greater-or-equal" -> compare(actual, expected) >= 0;
      case "less-than" -> compare(actual, expected) < 0;
      case "less-or-equal" -> compare(actual, expected) <= 0;
      default -> false;
    };
  }

  private static boolean same(Object actual, Object expected) {
    if (actual instanceof Number a && expected instanceof Number e) {
      return a.doubleValue() == e.doubleValue();
    }
    return actual.equals(expected);
  }

  private static int compare(Object actual, Object expected) {
    if (actual instanceof Number a && expected instanceof Number e) {
      return Double.compare(a.doubleValue(), e.doubleValue());
    }
    if (actual instanceof Instant a && expected instanceof Instant e) {
      return a.compareTo(e);
    }
    return actual.toString().compareTo(expected.toString());
  }
}
