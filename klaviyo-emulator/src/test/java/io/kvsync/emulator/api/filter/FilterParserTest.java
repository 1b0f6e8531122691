package io.kvsync.emulator.api.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.emulator.api.EndpointRule;
import io.kvsync.emulator.api.EndpointRules;
import io.kvsync.emulator.api.filter.FilterExpression.And;
import io.kvsync.emulator.api.filter.FilterExpression.Bare;
import io.kvsync.emulator.api.filter.FilterExpression.Condition;
import io.kvsync.emulator.api.filter.FilterExpression.Text;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterParserTest {

  private static final EndpointRule EVENTS = EndpointRules.load().get("/api/events");

  private static final String METRIC = "equals(metric_id,\"UMTLbD\")";
  private static final String SINCE = "greater-or-equal(datetime,2026-06-01T00:00:00+00:00)";

  @Test
  void aSingleExpressionIsItself() {
    assertEquals(
        new Condition("equals", "metric_id", new Text("UMTLbD")), FilterParser.parse(METRIC));
  }

  @Test
  void aTopLevelCommaListIsTheSameAsAnd() {
    FilterExpression list = FilterParser.parse(METRIC + "," + SINCE);

    assertEquals(FilterParser.parse("and(" + METRIC + "," + SINCE + ")"), list);
    assertEquals(
        new And(
            List.of(
                new Condition("equals", "metric_id", new Text("UMTLbD")),
                new Condition(
                    "greater-or-equal", "datetime", new Bare("2026-06-01T00:00:00+00:00")))),
        list);
  }

  @Test
  void aCommaListTakesAnyNumberOfPartsSpacesAndNestedAnd() {
    String less = "less-than(datetime,2026-07-01T00:00:00+00:00)";

    assertEquals(
        FilterParser.parse("and(" + METRIC + "," + SINCE + "," + less + ")"),
        FilterParser.parse(METRIC + " , " + SINCE + ",  " + less + " "));
    assertEquals(
        new And(
            List.of(
                FilterParser.parse("and(" + METRIC + "," + SINCE + ")"), FilterParser.parse(less))),
        FilterParser.parse("and(" + METRIC + "," + SINCE + ")," + less));
  }

  @Test
  void aCommaListIsCheckedPartByPartAsAnd() {
    TypedFilter list = TypedFilter.check(FilterParser.parse(METRIC + "," + SINCE), EVENTS);

    assertEquals(
        TypedFilter.check(FilterParser.parse("and(" + METRIC + "," + SINCE + ")"), EVENTS), list);
    assertEquals(2, list.conditions().size());

    InvalidFilterException field =
        assertThrows(
            InvalidFilterException.class,
            () -> TypedFilter.check(FilterParser.parse(METRIC + ",equals(name,'x')"), EVENTS));
    assertTrue(field.getMessage().contains("'name' is not a filterable field"), field.getMessage());

    InvalidFilterException operator =
        assertThrows(
            InvalidFilterException.class,
            () ->
                TypedFilter.check(FilterParser.parse(METRIC + ",contains(metric_id,'x')"), EVENTS));
    assertTrue(operator.getMessage().contains("operator 'contains'"), operator.getMessage());

    InvalidFilterException value =
        assertThrows(
            InvalidFilterException.class,
            () ->
                TypedFilter.check(
                    FilterParser.parse(METRIC + ",greater-or-equal(datetime,'2026-06-01')"),
                    EVENTS));
    assertTrue(value.getMessage().contains("unquoted ISO-8601"), value.getMessage());
  }

  @Test
  void anEmptyPartATrailingOrLeadingCommaOrGarbageIsRefused() {
    assertRefused(METRIC + ",", "expected an operator", METRIC.length() + 1);
    assertRefused(METRIC + ", ", "expected an operator", METRIC.length() + 2);
    assertRefused(METRIC + ",," + SINCE, "expected an operator", METRIC.length() + 1);
    assertRefused("," + METRIC, "expected an operator", 0);
    assertRefused(",", "expected an operator", 0);
    assertRefused(METRIC + "," + SINCE + " x", "unexpected text after the expression", -1);
    assertRefused(METRIC + ")", "unexpected text after the expression", METRIC.length());
    assertRefused(METRIC + ",equals(", "expected a field name", -1);
    assertRefused(METRIC + ";" + SINCE, "unexpected text after the expression", METRIC.length());
  }

  private static void assertRefused(String filter, String problem, int position) {
    InvalidFilterException e =
        assertThrows(InvalidFilterException.class, () -> FilterParser.parse(filter), filter);
    assertTrue(e.getMessage().startsWith("Invalid filter: " + problem), e.getMessage());
    if (position >= 0) {
      assertTrue(
          e.getMessage().contains(" at position " + position + " of '" + filter + "'."),
          e.getMessage());
    }
  }
}
