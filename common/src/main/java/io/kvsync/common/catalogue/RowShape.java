package io.kvsync.common.catalogue;

import java.util.Set;

/**
 * What the loader needs to know beyond the JSON value types to turn a record into a row. Every
 * other attribute is typed by its JSON value; every to-one relationship becomes a {@code
 * <relationship>_id} column.
 *
 * @param datetimeAttributes attributes typed {@code timestamptz} (ISO-8601 datetimes)
 * @param flattenedObjects nested objects of known shape flattened into {@code <name>_<field>}
 *     columns (e.g. {@code location})
 */
public record RowShape(Set<String> datetimeAttributes, Set<String> flattenedObjects) {}
