package io.kvsync.extractor.klaviyo;

import java.time.Duration;

/**
 * A request that did not succeed, as the classifier needs it.
 *
 * @param path the request path without the query (it names the endpoint, never the key)
 * @param status the HTTP status, or {@link #IO_ERROR} when no answer came (reset, timeout)
 * @param retryAfter the {@code Retry-After} wait, or null
 * @param detail Klaviyo's {@code errors[].detail} texts, or the I/O error, or null
 */
public record RequestFailure(String path, int status, Duration retryAfter, String detail) {

  public static final int IO_ERROR = -1;

  public static RequestFailure ioError(String path, Throwable cause) {
    return new RequestFailure(path, IO_ERROR, null, cause.getClass().getSimpleName());
  }

  boolean isTransient() {
    return status == IO_ERROR || status >= 500 || status == 408;
  }

  /** The status as metrics and messages show it: the code, or {@code io_error}. */
  public String describeStatus() {
    return status == IO_ERROR ? "io_error" : Integer.toString(status);
  }

  /** Parses {@code Retry-After} given in seconds; HTTP dates are rare here and fall back. */
  public static Duration parseRetryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(header.trim());
      return seconds < 0 ? null : Duration.ofMillis((long) (seconds * 1000));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
