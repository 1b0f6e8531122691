package io.kvsync.emulator.api.filter;

import java.util.List;

/** A parsed {@code filter=} expression, before it is checked against an endpoint's rules. */
public sealed interface FilterExpression {

  /** {@code operator(field[,value])}; value is null for {@code has(field)}. */
  record Condition(String operator, String field, FilterValue value) implements FilterExpression {}

  /** {@code and(a,b,…)}, or the top-level list {@code a,b,…} that means the same. */
  record And(List<FilterExpression> terms) implements FilterExpression {}

  /** A literal as written. */
  sealed interface FilterValue {}

  /** A quoted string. */
  record Text(String value) implements FilterValue {}

  /** An unquoted token: a datetime with offset, a number, true/false or null. */
  record Bare(String token) implements FilterValue {}

  /** A bracketed list. */
  record ListValue(List<FilterValue> items) implements FilterValue {}
}
