package io.kvsync.common.contract;

/** How an extractor finished a slice. */
public enum SliceStatus {
  /** Every record of the window was published. */
  COMPLETED,
  /**
   * The read stopped at a page boundary (its duration bound, or the extractor shutting down) with
   * every batch so far published; {@code resume} says where the next chunk starts.
   */
  PARTIAL,
  /** Rate limits outlasted the slice's time budget; {@code cursorEnd} says how far it got. */
  DEFERRED,
  /** A permanent error (invalid key, missing scope, refused request); {@code error} says which. */
  FAILED
}
