package io.kvsync.extractor.klaviyo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The one place that decides what a failed Klaviyo request means: retry, wait, defer or fail.
 *
 * <p>Klaviyo's spec declares only generic 4XX/5XX answers and no headers; 429 with {@code
 * Retry-After} and transient 5xx are known from practice (BEHAVIOR.md).
 */
public final class KlaviyoErrorClassifier {

  /** Read scopes by the first path segment after {@code /api/}, with the name Klaviyo shows. */
  private static final Map<String, String> SCOPES =
      Map.ofEntries(
          Map.entry("accounts", "accounts:read (Accounts)"),
          Map.entry("metrics", "metrics:read (Metrics)"),
          Map.entry("events", "events:read (Events)"),
          Map.entry("profiles", "profiles:read (Profiles)"),
          Map.entry("lists", "lists:read (List), or profiles:read (Profiles) for members"),
          Map.entry(
              "segments", "segments:read (Segments), or profiles:read (Profiles) for members"),
          Map.entry("flows", "flows:read (Flows)"),
          Map.entry("flow-actions", "flows:read (Flows)"),
          Map.entry("flow-messages", "flows:read (Flows)"),
          Map.entry(
              "campaigns",
              "campaigns:read (Campaigns), or templates:read (Templates) for templates"),
          Map.entry("campaign-messages", "campaigns:read (Campaigns)"),
          Map.entry("campaign-recipient-estimations", "campaigns:read (Campaigns)"),
          Map.entry("templates", "templates:read (Templates)"));

  private final int maxTransientRetries;
  private final Duration backoffBase;
  private final Duration backoffCap;
  private final DoubleSupplier jitter;

  /**
   * @param jitter uniform random numbers in [0, 1) spreading retries of many slices apart
   */
  public KlaviyoErrorClassifier(
      int maxTransientRetries, Duration backoffBase, Duration backoffCap, DoubleSupplier jitter) {
    this.maxTransientRetries = maxTransientRetries;
    this.backoffBase = backoffBase;
    this.backoffCap = backoffCap;
    this.jitter = jitter;
  }

  /**
   * Decides about one failed attempt.
   *
   * @param failure what came back
   * @param attempt how many times this request was already retried (0 for the first answer)
   * @param waitedOnLimits how long the slice already waited because of 429s
   * @param timeBudget how long the slice may wait on limits before it is deferred
   * @param absenceAllowed whether a 404 means "none" for this read rather than an error
   */
  public ErrorDecision classify(
      RequestFailure failure,
      int attempt,
      Duration waitedOnLimits,
      Duration timeBudget,
      boolean absenceAllowed) {
    int status = failure.status();
    if (status == 429) {
      Duration wait = failure.retryAfter() != null ? failure.retryAfter() : backoff(attempt);
      if (waitedOnLimits.plus(wait).compareTo(timeBudget) > 0) {
        return new ErrorDecision.Defer(
            "Klaviyo kept rate-limiting "
                + failure.path()
                + " (429) beyond the slice's time budget of "
                + timeBudget.toSeconds()
                + " s; the position reached is kept and the rest runs next time");
      }
      return new ErrorDecision.WaitForRateLimit(wait);
    }
    if (failure.isTransient()) {
      if (attempt >= maxTransientRetries) {
        return new ErrorDecision.Defer(
            "Klaviyo kept failing on "
                + failure.path()
                + " ("
                + failure.describeStatus()
                + ") after "
                + (attempt + 1)
                + " attempts; the position reached is kept and the rest runs next time");
      }
      return new ErrorDecision.Retry(backoff(attempt));
    }
    if (status == 401) {
      return new ErrorDecision.Fail(
          "Klaviyo refused the API key (401): the private API key is invalid or revoked. Check"
              + " the key in the pipeline's source settings"
              + detail(failure));
    }
    if (status == 403) {
      return new ErrorDecision.Fail(
          "Klaviyo refused access to "
              + failure.path()
              + " (403): the private API key is missing the scope "
              + scopeFor(failure.path())
              + ". Grant that read scope to the key in Klaviyo, or exclude the object"
              + detail(failure));
    }
    if (status == 404 && absenceAllowed) {
      return new ErrorDecision.Absent();
    }
    return new ErrorDecision.Fail(
        "Klaviyo refused the request "
            + failure.path()
            + " ("
            + status
            + ")"
            + detail(failure)
            + "; it will not be retried");
  }

  /** Exponential backoff with full jitter, capped: the n-th retry waits up to base·2ⁿ. */
  Duration backoff(int attempt) {
    long base = backoffBase.toMillis();
    long ceiling = Math.min(backoffCap.toMillis(), base << Math.min(attempt, 20));
    long jittered = (long) (ceiling / 2.0 + jitter.getAsDouble() * ceiling / 2.0);
    return Duration.ofMillis(Math.max(1, jittered));
  }

  static String scopeFor(String path) {
    List<String> segments = List.of(path.replaceFirst("^/api/", "").split("[/?]"));
    String scope = segments.isEmpty() ? null : SCOPES.get(segments.get(0));
    return scope != null ? scope : "needed for " + path;
  }

  private static String detail(RequestFailure failure) {
    return failure.detail() == null || failure.detail().isBlank()
        ? ""
        : " (Klaviyo says: " + failure.detail() + ")";
  }
}
