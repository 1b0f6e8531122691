package io.kvsync.common.catalogue;

/** How an object is kept in step after its first load (as the product documentation states). */
public enum SyncMode {
  /** Reads what changed since the saved cursor. */
  INCREMENTAL,
  /** Reads everything each run; rows not seen in a successful full run are marked deleted. */
  FULL_LOAD
}
