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
    RowShape shape) {

  /** Whether the scheduler sends commands for this table (derived tables ride on their source). */
  public boolean hasOwnReads() {
    return plan == null || !plan.isDerived();
  }

  /**
   * Whether the scheduler re-reads the table whole once a week besides its incremental runs
   * (memberships: removals from a list or segment leave no trace otherwise).
   */
  public boolean weeklyFullResync() {
    return ObjectCatalogue.WEEKLY_FULL_RESYNC.contains(table);
  }
}
