package io.kvsync.common.contract;

/** What a slice reads: the first historical load, a change window, or everything. */
public enum SyncKind {
  HISTORICAL,
  INCREMENTAL,
  FULL
}
