import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain paging client: GET /api/events?page[size]=200, then follow links.next, one request at a
 * time, reading every event from the JSON body. Prints events, pages, seconds and events/s.
 *
 * <p>Usage: java -cp klaviyo-emulator/target/klaviyo-emulator.jar PagingClient.java BASE_URL API_KEY
 * MAX_EVENTS [baseline] (the jar only supplies Vert.x for the baseline server)
 *
 * <p>With {@code baseline} it first copies one page from the emulator, then pages through a
 * trivial in-process Vert.x server that returns that same page forever: the ceiling of this client,
 * this HTTP stack and this machine, against which the emulator's rate is reported as a ratio.
 */
public final class PagingClient {

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String key = args[1];
    long maxEvents = Long.parseLong(args[2]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String next = baseUrl + "/api/events?page%5Bsize%5D=200";
    if (args.length > 3 && args[3].equals("baseline")) {
      next = servePageForever(http, next, key);
    }
    long events = 0;
    long pages = 0;
    long bytes = 0;
    long started = System.nanoTime();
    while (next != null && events < maxEvents) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(next))
              .header("Authorization", "Klaviyo-API-Key " + key)
              .header("revision", "2026-07-15")
              .header("Accept", "application/vnd.api+json")
              .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + next + " answered " + response.statusCode());
      }
      Body body = Body.parse(response.body());
      events += body.events;
      bytes += response.body().length;
      pages++;
      next = body.next;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        java.util.Locale.ROOT,
        "events=%d pages=%d MB=%.1f seconds=%.2f events_per_second=%.0f%n",
        events, pages, bytes / 1e6, seconds, events / seconds);
    System.exit(0);
  }

  private static String servePageForever(HttpClient http, String firstPage, String key) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(firstPage))
            .header("Authorization", "Klaviyo-API-Key " + key)
            .header("revision", "2026-07-15")
            .build();
    String page = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    // The same HTTP stack as the emulator (Vert.x), with nothing to compute: one fixed body.
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    io.vertx.core.buffer.Buffer[] body = new io.vertx.core.buffer.Buffer[1];
    io.vertx.core.http.HttpServer server =
        vertx
            .createHttpServer(new io.vertx.core.http.HttpServerOptions().setTcpNoDelay(true))
            .requestHandler(
                req ->
                    req.response()
                        .putHeader("Content-Type", "application/vnd.api+json")
                        .end(body[0]))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    String self = "http://127.0.0.1:" + server.actualPort() + "/static";
    String next = Body.parse(page.getBytes(java.nio.charset.StandardCharsets.UTF_8)).next;
    body[0] = io.vertx.core.buffer.Buffer.buffer(page.replace(next, self));
    return self;
  }

  /** Counts data[] resources and finds links.next with a small JSON scanner (no libraries). */
  record Body(long events, String next) {
    static Body parse(byte[] json) {
      String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
      long count = 0;
      int at = 0;
      while ((at = text.indexOf("{\"type\":\"event\",\"id\":", at)) >= 0) {
        count++;
        at++;
      }
      int links = text.lastIndexOf("\"links\":{\"self\":");
      int nextAt = links < 0 ? -1 : text.indexOf("\"next\":\"", links);
      String next = null;
      if (nextAt >= 0) {
        int start = nextAt + 8;
        next = text.substring(start, text.indexOf('"', start));
      }
      return new Body(count, next);
    }
  }
}
