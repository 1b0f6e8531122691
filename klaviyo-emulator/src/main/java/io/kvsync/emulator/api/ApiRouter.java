package io.kvsync.emulator.api;

import io.kvsync.emulator.auth.ApiKey;
import io.kvsync.emulator.auth.ApiKeyRing;
import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.faults.FaultInjector;
import io.kvsync.emulator.faults.FaultKind;
import io.kvsync.emulator.faults.FaultRule;
import io.kvsync.emulator.ratelimit.RateLimiter;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Mounts every {@code /api/} endpoint and applies Klaviyo's request rules in order: API key,
 * scopes, revision header, injected faults, rate limit, query parameters, then the endpoint itself.
 */
public final class ApiRouter {

  private static final Logger LOG = Logger.getLogger(ApiRouter.class.getName());
  private static final String KEY_SCHEME = "Klaviyo-API-Key ";
  private static final Pattern REVISION =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}(\\.[A-Za-z0-9_-]+)?");

  private final Vertx vertx;
  private final ApiKeyRing keys;
  private final RateLimiter rateLimiter;
  private final FaultInjector faults;
  private final Supplier<Dataset> data;
  private final Supplier<String> fallbackBaseUrl;
  private final Map<String, Buffer> readAhead = new ConcurrentHashMap<>();
  private static final int READ_AHEAD_PAGES = 64;

  public ApiRouter(
      Vertx vertx,
      ApiKeyRing keys,
      RateLimiter rateLimiter,
      FaultInjector faults,
      Supplier<Dataset> data,
      Supplier<String> fallbackBaseUrl) {
    this.vertx = vertx;
    this.keys = keys;
    this.rateLimiter = rateLimiter;
    this.faults = faults;
    this.data = data;
    this.fallbackBaseUrl = fallbackBaseUrl;
  }

  public void mount(Router router, EndpointRules rules, Map<String, EndpointHandler> handlers) {
    handlers.forEach(
        (path, handler) -> {
          EndpointRule rule = rules.get(path);
          router
              .get(path.replaceAll("\\{(\\w+)}", ":$1"))
              .handler(ctx -> handle(ctx, rule, handler));
        });
    router
        .route("/api/*")
        .handler(
            ctx ->
                ErrorResponses.send(
                    ctx.response(),
                    ApiError.notFound(
                        "No "
                            + ctx.request().method()
                            + " endpoint at "
                            + ctx.request().path()
                            + ".")));
  }

  private void handle(RoutingContext ctx, EndpointRule rule, EndpointHandler handler) {
    HttpServerRequest request = ctx.request();
    try {
      ApiKey key = authenticate(request);
      rateLimiter.traffic().request(key.key());
      for (String scope : rule.scopes()) {
        if (!key.scopes().contains(scope)) {
          throw ApiError.missingScope(scope);
        }
      }
      checkRevision(request.getHeader("revision"));
      FaultInjector.Decision fault = faults.decide(rule.operationId(), rule.path());
      if (fault.latencyMillis() > 0) {
        vertx.setTimer(fault.latencyMillis(), id -> proceed(ctx, rule, handler, key, fault));
      } else {
        proceed(ctx, rule, handler, key, fault);
      }
    } catch (ApiError error) {
      ErrorResponses.send(ctx.response(), error);
    }
  }

  private void proceed(
      RoutingContext ctx,
      EndpointRule rule,
      EndpointHandler handler,
      ApiKey key,
      FaultInjector.Decision fault) {
    HttpServerResponse response = ctx.response();
    try {
      FaultRule failure = fault.failure();
      if (failure != null) {
        switch (failure.kind()) {
          case SERVER_ERROR -> throw ApiError.serverError(failure.status());
          case THROTTLE -> {
            rateLimiter.traffic().throttled(key.key());
            throw ApiError.throttled(1);
          }
          case DROP_CONNECTION -> {
            ctx.request().connection().close();
            return;
          }
          default -> {
            // malformed and truncated bodies need the real body first
          }
        }
      }
      int[] limits = rule.limitsFor(ctx.queryParams());
      long wait = rateLimiter.acquire(key.key(), limits[0], limits[1]);
      if (wait > 0) {
        rateLimiter.traffic().throttled(key.key());
        throw ApiError.throttled(wait);
      }
      ApiQuery query = ApiQuery.parse(ctx.queryParams(), rule);
      String baseUrl = baseUrl(ctx.request());
      Dataset dataset = data.get();
      boolean foreignNext = failure != null && failure.kind() == FaultKind.FOREIGN_NEXT_LINK;
      Buffer body = readAhead.remove(readAheadKey(dataset.version(), baseUrl, ctx.request().uri()));
      if (body == null || foreignNext) {
        ApiCall call =
            new ApiCall(
                rule,
                query,
                ctx.pathParams(),
                ctx.queryParams(),
                baseUrl,
                ctx.request().path(),
                dataset,
                new ApiCall.NextLink(foreignNext ? failure.linkOrigin() : null));
        body = handler.handle(call);
        readAhead(rule, handler, call);
      }
      response.setStatusCode(200).putHeader("Content-Type", ErrorResponses.CONTENT_TYPE);
      if (failure != null) {
        switch (failure.kind()) {
          case MALFORMED_BODY -> {
            response.end(
                Buffer.buffer("{\"data\": [{\"type\": <html>502 Bad Gateway</html>", "UTF-8"));
            return;
          }
          case TRUNCATED_BODY -> {
            response.putHeader("Content-Length", Integer.toString(body.length()));
            response.write(body.getBuffer(0, Math.max(1, body.length() / 2)));
            ctx.request().connection().close();
            return;
          }
          default -> {}
        }
      }
      response.end(body);
    } catch (ApiError error) {
      ErrorResponses.send(response, error);
    } catch (RuntimeException unexpected) {
      LOG.log(Level.SEVERE, "emulator failed on " + ctx.request().uri(), unexpected);
      ErrorResponses.send(response, ApiError.serverError(500));
    }
  }

  /**
   * Renders the next page on a worker thread while the client reads this one: a sequential paging
   * client then finds it ready. The page is reused only while the data has not changed (the data
   * version is part of the key), so clients see exactly what a fresh render would give.
   */
  private void readAhead(EndpointRule rule, EndpointHandler handler, ApiCall call) {
    String next = call.nextLink().url();
    if (next == null || !next.startsWith(call.baseUrl())) {
      return;
    }
    String uri = next.substring(call.baseUrl().length());
    long version = call.data().version();
    vertx.executeBlocking(
        () -> {
          QueryStringDecoder decoder =
              new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, 1024, true);
          MultiMap params = MultiMap.caseInsensitiveMultiMap();
          decoder.parameters().forEach(params::add);
          ApiCall nextCall =
              new ApiCall(
                  rule,
                  ApiQuery.parse(params, rule),
                  call.pathParams(),
                  params,
                  call.baseUrl(),
                  call.path(),
                  call.data(),
                  new ApiCall.NextLink());
          Buffer page = handler.handle(nextCall);
          if (readAhead.size() >= READ_AHEAD_PAGES) {
            readAhead.clear();
          }
          readAhead.put(readAheadKey(version, call.baseUrl(), uri), page);
          return null;
        },
        false);
  }

  private static String readAheadKey(long version, String baseUrl, String uri) {
    return version + " " + baseUrl + uri;
  }

  private ApiKey authenticate(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null
        || !header.startsWith(KEY_SCHEME)
        || header.length() == KEY_SCHEME.length()) {
      throw ApiError.notAuthenticated();
    }
    return keys.find(header.substring(KEY_SCHEME.length()).trim())
        .orElseThrow(ApiError::authenticationFailed);
  }

  private static void checkRevision(String revision) {
    if (revision == null || revision.isBlank()) {
      throw ApiError.missingRevision();
    }
    if (!REVISION.matcher(revision.trim()).matches()) {
      throw ApiError.invalidRevision(revision);
    }
  }

  private String baseUrl(HttpServerRequest request) {
    String host = request.getHeader("Host");
    return host == null || host.isBlank() ? fallbackBaseUrl.get() : "http://" + host;
  }
}
