package io.kvsync.extractor.reads;

/** Why a read stops before it has read everything; it stops at a page boundary in every case. */
public enum StopReason {
  /** It ran {@code kvsync.extraction.max-read-duration}: it reports PARTIAL with a resume. */
  READ_DURATION,
  /**
   * The extractor is shutting down: PARTIAL with a resume, or back to the queue if nothing read.
   */
  SHUTDOWN,
  /** Its job was cancelled: no outcome, the command is acked. */
  CANCELLED
}
