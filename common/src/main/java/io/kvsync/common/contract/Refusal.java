package io.kvsync.common.contract;

/** Why a loader gave up on a whole batch. */
public enum Refusal {
  /**
   * The batch can never load as it is (undecodable, a permission or name the destination refuses,
   * too many columns): its slice fails.
   */
  PERMANENT,
  /**
   * The destination stayed unavailable for longer than the loader retries: its slice is deferred
   * and read again on the next run.
   */
  TEMPORARY
}
