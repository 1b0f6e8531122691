package io.kvsync.extractor.klaviyo;

/** A slice stops early: deferred (limits outlasted its budget) or failed (permanent error). */
public final class SliceAbortedException extends RuntimeException {

  private final boolean deferred;

  private SliceAbortedException(String message, boolean deferred) {
    super(message, null, false, false);
    this.deferred = deferred;
  }

  public static SliceAbortedException deferred(String reason) {
    return new SliceAbortedException(reason, true);
  }

  public static SliceAbortedException failed(String reason) {
    return new SliceAbortedException(reason, false);
  }

  public boolean isDeferred() {
    return deferred;
  }
}
