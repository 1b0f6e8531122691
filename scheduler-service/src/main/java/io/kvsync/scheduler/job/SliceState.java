package io.kvsync.scheduler.job;

/** Where one slice (one command) stands in the checkpoint protocol. */
public enum SliceState {
  /** Planned, not yet handed to an extractor. */
  PENDING,
  /** Published to the extractors; its lease says until when it is expected to report. */
  ISSUED,
  /** The extractor published every batch; some are not loaded yet. */
  EXTRACTED,
  /** Extracted and every batch loaded: the cursor may move over it. */
  DONE,
  /** Rate limits outlasted its time budget; it resumes next run from its cursor end. */
  DEFERRED,
  FAILED,
  /** Its job was cancelled. */
  CANCELLED;

  public boolean isFinished() {
    return this == DONE || this == DEFERRED || this == FAILED || this == CANCELLED;
  }
}
