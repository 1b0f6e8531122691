package io.kvsync.common.catalogue;

import java.util.List;

/**
 * One of the 18 replicated objects: everything the engine needs to read it and the loader needs to
 * store it.
 *
 * @param table the destination table name, e.g. {@code event_v2}
 * @param primaryKey the key columns (composite for link tables)
 * @param cursorField the attribute incremental windows are cut on; null for full loads
 * @param parentTable the table whose ids parameterise the reads (lists for memberships), or null
 */
public record ObjectDefinition(
    String table,
    SyncMode mode,
    List<String> primaryKey,
    String cursorField,
    String parentTable,
    EndpointPlan plan,
    RowShape shape) {}
