package io.kvsync.common.catalogue;

/** The filter operator an endpoint allows on its cursor field's lower end. */
public enum LowerBound {
  /** {@code greater-or-equal}: the window start is read inclusively. */
  GREATER_OR_EQUAL("greater-or-equal"),
  /** Only {@code greater-than}: read from the window start minus an overlap. */
  GREATER_THAN("greater-than"),
  /** No cursor filter: the endpoint is read whole. */
  NONE(null);

  private final String operator;

  LowerBound(String operator) {
    this.operator = operator;
  }

  /** The filter-language operator, null for {@link #NONE}. */
  public String operator() {
    return operator;
  }
}
