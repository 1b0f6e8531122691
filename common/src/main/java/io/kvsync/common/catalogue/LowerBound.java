package io.kvsync.common.catalogue;

/** The filter operator an endpoint allows on its cursor field's lower end. */
public enum LowerBound {
  /** {@code greater-or-equal}: the window start is read inclusively. */
  GREATER_OR_EQUAL,
  /** Only {@code greater-than}: read from the window start minus an overlap. */
  GREATER_THAN,
  /** No cursor filter: the endpoint is read whole. */
  NONE
}
