package io.kvsync.extractor.klaviyo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KlaviyoErrorClassifierTest {

  private static final Duration BUDGET = Duration.ofMinutes(10);

  private final KlaviyoErrorClassifier classifier =
      new KlaviyoErrorClassifier(3, Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.5);

  private ErrorDecision classify(int status, int attempt) {
    return classifier.classify(
        new RequestFailure("/api/flows", status, null, null),
        attempt,
        Duration.ZERO,
        BUDGET,
        false);
  }

  @Test
  void anInvalidKeyFailsFastSayingSo() {
    ErrorDecision decision = classify(401, 0);
    ErrorDecision.Fail fail = assertInstanceOf(ErrorDecision.Fail.class, decision);
    assertTrue(fail.reason().contains("401"), fail.reason());
    assertTrue(fail.reason().contains("invalid or revoked"), fail.reason());
  }

  @Test
  void aMissingScopeFailsFastNamingTheScope() {
    ErrorDecision.Fail fail = assertInstanceOf(ErrorDecision.Fail.class, classify(403, 0));
    assertTrue(fail.reason().contains("flows:read"), fail.reason());
    assertTrue(fail.reason().contains("403"), fail.reason());
  }

  @Test
  void scopesFollowThePath() {
    assertTrue(KlaviyoErrorClassifier.scopeFor("/api/events").startsWith("events:read"));
    assertTrue(KlaviyoErrorClassifier.scopeFor("/api/lists/L1/profiles").contains("profiles:read"));
    assertTrue(
        KlaviyoErrorClassifier.scopeFor("/api/campaign-recipient-estimations/C1")
            .startsWith("campaigns:read"));
  }

  @Test
  void klaviyosOwnDetailIsQuoted() {
    ErrorDecision.Fail fail =
        assertInstanceOf(
            ErrorDecision.Fail.class,
            classifier.classify(
                new RequestFailure(
                    "/api/metrics", 401, null, "Incorrect authentication credentials."),
                0,
                Duration.ZERO,
                BUDGET,
                false));
    assertTrue(fail.reason().contains("Incorrect authentication credentials."), fail.reason());
  }

  @Test
  void serverErrorsAndResetsAreRetriedWithGrowingBackoffThenDeferred() {
    ErrorDecision.Retry first = assertInstanceOf(ErrorDecision.Retry.class, classify(503, 0));
    ErrorDecision.Retry third = assertInstanceOf(ErrorDecision.Retry.class, classify(500, 2));
    assertTrue(third.delay().compareTo(first.delay()) > 0);
    assertInstanceOf(ErrorDecision.Retry.class, classify(RequestFailure.IO_ERROR, 1));
    ErrorDecision.Defer defer = assertInstanceOf(ErrorDecision.Defer.class, classify(502, 3));
    assertTrue(defer.reason().contains("502"), defer.reason());
  }

  @Test
  void backoffIsCapped() {
    assertTrue(classifier.backoff(30).compareTo(Duration.ofSeconds(5)) <= 0);
  }

  @Test
  void a429WaitsForRetryAfter() {
    ErrorDecision decision =
        classifier.classify(
            new RequestFailure("/api/events", 429, Duration.ofSeconds(7), null),
            0,
            Duration.ZERO,
            BUDGET,
            false);
    assertEquals(
        Duration.ofSeconds(7),
        assertInstanceOf(ErrorDecision.WaitForRateLimit.class, decision).delay());
  }

  @Test
  void limitsOutlastingTheBudgetDeferTheSlice() {
    ErrorDecision decision =
        classifier.classify(
            new RequestFailure("/api/events", 429, Duration.ofSeconds(30), null),
            0,
            Duration.ofMinutes(9).plusSeconds(45),
            BUDGET,
            false);
    ErrorDecision.Defer defer = assertInstanceOf(ErrorDecision.Defer.class, decision);
    assertTrue(defer.reason().contains("time budget"), defer.reason());
  }

  @Test
  void aMissingResourceIsAbsenceOnlyWhereAllowed() {
    RequestFailure notFound =
        new RequestFailure("/api/campaign-recipient-estimations/C1", 404, null, null);
    assertInstanceOf(
        ErrorDecision.Absent.class, classifier.classify(notFound, 0, Duration.ZERO, BUDGET, true));
    assertInstanceOf(
        ErrorDecision.Fail.class, classifier.classify(notFound, 0, Duration.ZERO, BUDGET, false));
  }

  @Test
  void aRefusedRequestIsNotRetried() {
    ErrorDecision.Fail fail = assertInstanceOf(ErrorDecision.Fail.class, classify(400, 0));
    assertTrue(fail.reason().contains("not be retried"), fail.reason());
  }

  @Test
  void retryAfterIsReadInSeconds() {
    assertEquals(Duration.ofSeconds(3), RequestFailure.parseRetryAfter("3"));
    assertEquals(Duration.ofMillis(1500), RequestFailure.parseRetryAfter("1.5"));
    assertEquals(null, RequestFailure.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
  }
}
