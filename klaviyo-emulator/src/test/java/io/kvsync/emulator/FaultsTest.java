package io.kvsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kvsync.emulator.ApiClient.Reply;
import io.kvsync.emulator.data.Scale;
import io.kvsync.emulator.faults.FaultKind;
import io.kvsync.emulator.faults.FaultPlan;
import io.kvsync.emulator.faults.FaultRule;
import io.kvsync.emulator.ratelimit.RateLimitMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private static KlaviyoEmulator emulator;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    emulator =
        KlaviyoEmulator.start(
            EmulatorConfig.defaults()
                .withScale(new Scale(300, 50, 500, 5, 2, 2, 1, 3))
                .withRateLimits(RateLimitMode.OFF));
    api = new ApiClient(emulator.baseUrl(), emulator.demoKey());
  }

  @AfterAll
  static void stop() {
    emulator.stop();
  }

  @AfterEach
  void clearFaults() {
    emulator.admin().clearFaults();
  }

  @Test
  void serverErrorAnswersTheConfiguredStatusWithTheErrorBody() {
    emulator
        .admin()
        .addFault(FaultRule.always("get_metrics", FaultKind.SERVER_ERROR).withStatus(502));

    Reply reply = api.get("/api/metrics");

    assertEquals(502, reply.status());
    assertEquals("error", reply.firstError().path("code").asText());
  }

  @Test
  void serverErrorHitsOnlyTheNamedEndpoint() {
    emulator.admin().addFault(FaultRule.always("/api/events", FaultKind.SERVER_ERROR));

    assertEquals(503, api.get("/api/events").status());
    assertEquals(200, api.get("/api/metrics").status());
  }

  @Test
  void serverErrorRateHitsAboutThatShareOfRequests() {
    emulator.admin().addFault(FaultRule.always("*", FaultKind.SERVER_ERROR).withRate(0.5));

    int failed = 0;
    for (int i = 0; i < 100; i++) {
      if (api.get("/api/accounts").status() == 503) {
        failed++;
      }
    }
    assertTrue(failed > 25 && failed < 75, failed + " of 100 failed");
  }

  @Test
  void faultLimitedToTimesStopsAfterThat() {
    emulator.admin().addFault(FaultRule.always("*", FaultKind.SERVER_ERROR).withTimes(2));

    assertEquals(503, api.get("/api/accounts").status());
    assertEquals(503, api.get("/api/accounts").status());
    assertEquals(200, api.get("/api/accounts").status());
  }

  @Test
  void latencyDelaysTheResponse() {
    emulator.admin().addFault(FaultRule.latency("get_accounts", 400));

    long started = System.nanoTime();
    Reply reply = api.get("/api/accounts");
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertEquals(200, reply.status());
    assertTrue(millis >= 400, "answered after " + millis + " ms");
  }

  @Test
  void droppedConnectionGivesTheClientAnIoError() {
    emulator.admin().addFault(FaultRule.always("get_metrics", FaultKind.DROP_CONNECTION));

    UncheckedIOException error =
        assertThrows(UncheckedIOException.class, () -> api.get("/api/metrics"));
    assertTrue(error.getCause() instanceof IOException);
  }

  @Test
  void throttleStormAnswers429WithRetryAfterAlthoughLimitsAreOff() {
    emulator.admin().addFault(FaultRule.always("*", FaultKind.THROTTLE));

    Reply reply = api.get("/api/accounts");

    assertEquals(429, reply.status());
    assertEquals("1", reply.raw().headers().firstValue("Retry-After").orElseThrow());
  }

  @Test
  void malformedBodyIsA200ThatIsNotJson() throws Exception {
    emulator.admin().addFault(FaultRule.always("get_metrics", FaultKind.MALFORMED_BODY));

    HttpResponse<String> response = rawGet("/api/metrics");

    assertEquals(200, response.statusCode());
    assertThrows(JsonProcessingException.class, () -> ApiClient.JSON.readTree(response.body()));
  }

  @Test
  void truncatedBodyEndsBeforeItsContentLength() throws Exception {
    emulator.admin().addFault(FaultRule.always("get_metrics", FaultKind.TRUNCATED_BODY));

    HttpURLConnection connection =
        (HttpURLConnection)
            URI.create(emulator.baseUrl() + "/api/metrics").toURL().openConnection();
    connection.setRequestProperty("Authorization", "Klaviyo-API-Key " + emulator.demoKey());
    connection.setRequestProperty("revision", "2026-07-15");
    assertEquals(200, connection.getResponseCode());
    long declared = connection.getContentLengthLong();
    long read = 0;
    try (InputStream in = connection.getInputStream()) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        read += n;
      }
    } catch (IOException expected) {
      // the connection closes mid-body
    }
    assertTrue(read < declared, "read " + read + " of " + declared + " bytes");
  }

  @Test
  void foreignNextLinkPointsTheNextPageElsewhereAndKeepsThePage() {
    String firstPage = api.get("/api/profiles").body().path("links").path("next").asText();
    emulator.admin().addFault(FaultRule.foreignNextLink("get_profiles", "http://127.0.0.1:9"));

    Reply reply = api.get("/api/profiles");

    assertEquals(200, reply.status());
    String next = reply.body().path("links").path("next").asText();
    assertEquals("http://127.0.0.1:9" + firstPage.substring(emulator.baseUrl().length()), next);
    assertTrue(reply.body().path("data").size() > 0, "the page itself is served");
  }

  @Test
  void foreignNextLinkWithoutAnOriginIsRefused() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> FaultRule.foreignNextLink("get_profiles", "not a url"));
    assertTrue(refused.getMessage().contains("link_origin"), refused.getMessage());
  }

  @Test
  void foreignNextLinkFaultsAreAddedThroughTheAdminHttpApi() throws Exception {
    HttpResponse<String> added =
        addFault(
            "{\"endpoint\":\"/api/profiles\",\"kind\":\"foreign_next_link\","
                + "\"link_origin\":\"http://127.0.0.1:9\"}");
    assertEquals(201, added.statusCode(), added.body());
    assertTrue(added.body().contains("\"link_origin\":\"http://127.0.0.1:9\""), added.body());

    assertTrue(
        api.get("/api/profiles")
            .body()
            .path("links")
            .path("next")
            .asText()
            .startsWith("http://127.0.0.1:9/api/profiles?"));
  }

  @Test
  void faultsAddedThroughTheAdminHttpApiApply() throws Exception {
    HttpResponse<String> added =
        addFault("{\"endpoint\":\"get_accounts\",\"kind\":\"5xx\",\"status\":500}");
    assertEquals(201, added.statusCode(), added.body());

    assertEquals(500, api.get("/api/accounts").status());
  }

  @Test
  void faultsFromConfigurationAreActiveFromTheStart() {
    try (KlaviyoEmulator configured =
        KlaviyoEmulator.start(
            EmulatorConfig.defaults()
                .withScale(new Scale(5, 5, 5, 1, 1, 1, 1, 1))
                .withFaults(FaultPlan.parse("get_accounts:error:504@1.0")))) {
      Reply reply = new ApiClient(configured.baseUrl(), configured.demoKey()).get("/api/accounts");

      assertEquals(504, reply.status());
    }
  }

  /** Adds a fault through the admin HTTP API. */
  private HttpResponse<String> addFault(String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(emulator.adminUrl() + "/admin/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> rawGet(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("Authorization", "Klaviyo-API-Key " + emulator.demoKey())
                .header("revision", "2026-07-15")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
