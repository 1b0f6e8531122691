package io.kvsync.extractor.klaviyo;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.common.catalogue.RateTier;
import io.kvsync.common.contract.RateShares;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.extractor.config.ExtractorConfig;
import io.kvsync.extractor.metrics.ExtractorMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * GETs Klaviyo resources within the key's rate budget, retrying what the error classifier says is
 * worth retrying. Pages are returned one by one; nothing is buffered beyond the current answer.
 */
@ApplicationScoped
public class KlaviyoClient {

  private static final Logger LOG = Logger.getLogger(KlaviyoClient.class);
  private static final String JSON_API = "application/vnd.api+json";

  private final WebClient web;
  private final ExtractorConfig.Klaviyo settings;
  private final KlaviyoOrigin origin;
  private final RateBudgets budgets;
  private final SecretCipher cipher;
  private final KlaviyoErrorClassifier classifier;
  private final ExtractorMetrics metrics;

  /** Dates every answer; shifted only by the test-only {@code kvsync.testing.clock-offset}. */
  private final Clock clock;

  public KlaviyoClient(
      Vertx vertx, ExtractorConfig config, ExtractorMetrics metrics, SecretCipher cipher) {
    this.settings = config.klaviyo();
    this.clock = Clock.offset(Clock.systemUTC(), config.testing().clockOffset());
    this.origin = KlaviyoOrigin.of(settings.baseUrl());
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("kvsync-extractor")
                .setKeepAlive(true)
                .setMaxPoolSize(16)
                // A redirect would carry the API key to wherever it points: it fails instead.
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(settings.requestTimeout().toMillis(), 10_000))
                .setTryUseCompression(true));
    this.budgets = new RateBudgets(settings.steadyHeadroom());
    this.cipher = cipher;
    this.classifier =
        new KlaviyoErrorClassifier(
            settings.maxTransientRetries(),
            settings.backoffBase(),
            settings.backoffCap(),
            () -> ThreadLocalRandom.current().nextDouble());
    this.metrics = metrics;
  }

  @PreDestroy
  void close() {
    web.close();
  }

  public String baseUrl() {
    return settings.baseUrl();
  }

  /**
   * Why a request to {@code url} must not be sent, or empty when it goes to the configured Klaviyo
   * base URL: the API key travels with every request, so nothing else is ever called.
   */
  public Optional<String> refusalOf(String url) {
    if (origin.admits(url)) {
      return Optional.empty();
    }
    return Optional.of(
        "refused to call "
            + KlaviyoOrigin.describe(url)
            + ": the API key is only ever sent to the configured Klaviyo base URL "
            + origin);
  }

  /** The slice no longer reads: its key's part of the budget here shrinks by its share. */
  public void sliceFinished(SliceCalls calls) {
    budgets.release(calls.sliceId(), System.nanoTime());
  }

  /** The scheduler's current shares of a key's budget, for the reads of that key here. */
  public void sharesAnnounced(RateShares shares) {
    budgets.announce(shares.keyFingerprint(), shares.shares(), System.nanoTime());
  }

  /**
   * GETs one URL.
   *
   * @param absenceAllowed whether a 404 answers "none" (an empty response) instead of failing
   * @return the answer; fails with {@link SliceAbortedException} when the slice must stop, at once
   *     for a URL outside the configured base URL (a {@code links.next} pointing elsewhere)
   */
  public Uni<KlaviyoResponse> get(
      String url, RateTier tier, SliceCalls calls, boolean absenceAllowed) {
    Optional<String> refusal = refusalOf(url);
    if (refusal.isPresent()) {
      return Uni.createFrom()
          .failure(
              SliceAbortedException.failed(
                  "Klaviyo's next page on " + pathOf(url) + ": " + refusal.get()));
    }
    return attempt(url, tier, calls, absenceAllowed, 0);
  }

  private Uni<KlaviyoResponse> attempt(
      String url, RateTier tier, SliceCalls calls, boolean absenceAllowed, int retries) {
    long waitNanos =
        budgets.reserve(
            keyFingerprint(calls), tier, calls.sliceId(), calls.rateShare(), System.nanoTime());
    Uni<Void> paced = Uni.createFrom().voidItem();
    if (waitNanos > 0) {
      Duration wait = Duration.ofNanos(waitNanos);
      metrics.waitedOnRateLimit(tier, wait);
      paced = paced.onItem().delayIt().by(wait);
    }
    return paced
        .onItem()
        .transformToUni(ignored -> send(url, calls))
        .onItem()
        .transformToUni(
            response -> {
              metrics.requestAnswered(tier, Integer.toString(response.statusCode()));
              if (response.statusCode() / 100 == 2) {
                KlaviyoResponse parsed = parse(response, clock.instant());
                if (parsed != null) {
                  return Uni.createFrom().item(parsed);
                }
                // A 200 whose body is cut or garbled is as transient as a reset.
                return handle(
                    new RequestFailure(
                        pathOf(url), RequestFailure.IO_ERROR, null, "body is not JSON"),
                    url,
                    tier,
                    calls,
                    absenceAllowed,
                    retries);
              }
              return handle(failureOf(url, response), url, tier, calls, absenceAllowed, retries);
            })
        .onFailure(failure -> !(failure instanceof SliceAbortedException))
        .recoverWithUni(
            failure -> {
              metrics.requestAnswered(tier, "io_error");
              return handle(
                  RequestFailure.ioError(pathOf(url), failure),
                  url,
                  tier,
                  calls,
                  absenceAllowed,
                  retries);
            });
  }

  private Uni<KlaviyoResponse> handle(
      RequestFailure failure,
      String url,
      RateTier tier,
      SliceCalls calls,
      boolean absenceAllowed,
      int retries) {
    ErrorDecision decision =
        classifier.classify(
            failure, retries, calls.waitedOnLimits(), calls.timeBudget(), absenceAllowed);
    if (decision instanceof ErrorDecision.Absent) {
      return Uni.createFrom().item(new KlaviyoResponse(null, null, clock.instant()));
    }
    if (decision instanceof ErrorDecision.Fail fail) {
      return Uni.createFrom().failure(SliceAbortedException.failed(fail.reason()));
    }
    if (decision instanceof ErrorDecision.Defer defer) {
      return Uni.createFrom().failure(SliceAbortedException.deferred(defer.reason()));
    }
    if (decision instanceof ErrorDecision.WaitForRateLimit wait) {
      metrics.throttledOnce(tier);
      calls.waited(wait.delay());
      // The drained bucket holds the retry (and every other request of this key and tier) back.
      budgets.throttled(keyFingerprint(calls), tier, wait.delay().toNanos(), System.nanoTime());
      LOG.debugf("Klaviyo rate-limited %s; waiting %s", failure.path(), wait.delay());
      return attempt(url, tier, calls, absenceAllowed, retries + 1);
    }
    Duration delay = ((ErrorDecision.Retry) decision).delay();
    LOG.debugf(
        "Klaviyo answered %s on %s; retrying in %s",
        failure.describeStatus(), failure.path(), delay);
    return Uni.createFrom()
        .voidItem()
        .onItem()
        .delayIt()
        .by(delay)
        .onItem()
        .transformToUni(ignored -> attempt(url, tier, calls, absenceAllowed, retries + 1));
  }

  private String keyFingerprint(SliceCalls calls) {
    return calls.keyFingerprint(cipher::fingerprint);
  }

  private Uni<HttpResponse<Buffer>> send(String url, SliceCalls calls) {
    return web.requestAbs(HttpMethod.GET, url)
        .putHeader("Authorization", "Klaviyo-API-Key " + calls.apiKey())
        .putHeader("revision", settings.revision())
        .putHeader("Accept", JSON_API)
        .timeout(settings.requestTimeout().toMillis())
        .send();
  }

  /** The answer, or null when its body is not a JSON object. */
  private static KlaviyoResponse parse(HttpResponse<Buffer> response, Instant readAt) {
    Buffer body = response.body() == null ? Buffer.buffer() : response.body();
    return KlaviyoResponse.read(body.getDelegate(), readAt);
  }

  private static RequestFailure failureOf(String url, HttpResponse<Buffer> response) {
    return new RequestFailure(
        pathOf(url),
        response.statusCode(),
        RequestFailure.parseRetryAfter(response.getHeader("Retry-After")),
        errorDetails(response));
  }

  /** Klaviyo's {@code errors[].detail} (there is no status member; the status line has it). */
  private static String errorDetails(HttpResponse<Buffer> response) {
    try {
      Buffer body = response.body();
      if (body == null || body.length() == 0) {
        return null;
      }
      JsonNode errors = WireFormat.mapper().readTree(body.getBytes()).path("errors");
      StringBuilder details = new StringBuilder();
      for (JsonNode error : errors) {
        String text = error.path("detail").asText(error.path("title").asText(""));
        if (!text.isBlank()) {
          details.append(details.length() == 0 ? "" : "; ").append(text);
        }
      }
      return details.length() == 0 ? null : details.toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String pathOf(String url) {
    try {
      return URI.create(url).getRawPath();
    } catch (IllegalArgumentException e) {
      return "(unparseable URL)";
    }
  }
}
