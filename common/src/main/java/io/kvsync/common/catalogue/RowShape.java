package io.kvsync.common.catalogue;

import java.util.Map;
import java.util.Set;

/**
 * What the loader needs to know beyond the JSON value types to turn a record into a row.
 *
 * @param datetimeAttributes attributes typed {@code timestamptz} (ISO-8601 datetimes)
 * @param flattenedObjects nested objects of known shape flattened into {@code <name>_<field>}
 *     columns (e.g. {@code location})
 * @param relationshipColumns relationship name → column holding its id (e.g. {@code profile →
 *     profile_id})
 */
public record RowShape(
    Set<String> datetimeAttributes,
    Set<String> flattenedObjects,
    Map<String, String> relationshipColumns) {}
