package io.kvsync.scheduler.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a body over {@code quarkus.http.limits.max-body-size} with a 413 problem, where Vert.x
 * and the REST layer would answer a bare 413. A declared Content-Length over the limit is refused
 * by a route that runs before Vert.x's own check, without reading the body. A chunked body is
 * counted as the REST layer reads it ({@link #limited}); its 413 is answered by {@link
 * ProblemResponses}.
 */
@ApplicationScoped
public class BodyLimit {

  /** Where Quarkus keeps the limit for a body without Content-Length (VertxInputStream). */
  private static final String QUARKUS_LIMIT_KEY = "io.quarkus.max-request-size";

  /** A body that grew past the limit while it was read. */
  public static final class TooLarge extends IOException {
    TooLarge() {
      super(Rules.BODY_TOO_LARGE);
    }
  }

  @ConfigProperty(name = "quarkus.http.limits.max-body-size")
  MemorySize limit;

  @Inject ObjectMapper mapper;

  void install(@Observes Router router) {
    router
        .route()
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
        .handler(this::refuseDeclaredTooLarge);
    // Quarkus would end a chunked body's answer as a bare 413 mid-read; the count of limited()
    // takes its place, so the answer is a problem.
    router
        .route()
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1)
        .handler(
            context -> {
              context.remove(QUARKUS_LIMIT_KEY);
              context.next();
            });
  }

  /** The body as the REST layer reads it, failing with {@link TooLarge} past the limit. */
  InputStream limited(InputStream body) {
    long max = limit.asLongValue();
    return new FilterInputStream(body) {
      private long read;

      @Override
      public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        count(Math.max(n, 0));
        return n;
      }

      private void count(int n) throws TooLarge {
        read += n;
        if (read > max) {
          throw new TooLarge();
        }
      }
    };
  }

  /** The rest of a refused body is not read: the connection closes after the answer. */
  static void closeAfterAnswer(HttpServerRequest request) {
    request.response().putHeader(HttpHeaders.CONNECTION, "close");
    request.response().endHandler(done -> request.connection().close());
  }

  private void refuseDeclaredTooLarge(RoutingContext context) {
    String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null || declaredLength(length) <= limit.asLongValue()) {
      context.next();
      return;
    }
    String problem;
    try {
      problem =
          mapper.writeValueAsString(
              new ProblemDetail(413, Rules.reason(413), Rules.BODY_TOO_LARGE, null));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    closeAfterAnswer(context.request());
    context
        .response()
        .setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemDetail.MEDIA_TYPE)
        .end(problem);
  }

  private static long declaredLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1; // Vert.x refuses a malformed Content-Length itself.
    }
  }
}
