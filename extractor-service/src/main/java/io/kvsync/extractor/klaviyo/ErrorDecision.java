package io.kvsync.extractor.klaviyo;

import java.time.Duration;

/** What to do about one Klaviyo answer that was not a success. */
public sealed interface ErrorDecision {

  /** Send the same request again after {@code delay} (5xx, I/O errors, timeouts). */
  record Retry(Duration delay) implements ErrorDecision {}

  /** Klaviyo rate-limited us (429): hold this key and tier back for {@code delay}, then retry. */
  record WaitForRateLimit(Duration delay) implements ErrorDecision {}

  /** The resource does not exist, which this read allows (no estimation, parent deleted). */
  record Absent() implements ErrorDecision {}

  /** Stop the slice and keep its position: limits or outages outlast the slice's time budget. */
  record Defer(String reason) implements ErrorDecision {}

  /** Stop the slice for good: no retry can fix it (invalid key, missing scope, refused request). */
  record Fail(String reason) implements ErrorDecision {}
}
