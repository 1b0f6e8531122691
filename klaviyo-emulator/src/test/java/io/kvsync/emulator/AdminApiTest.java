package io.kvsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.emulator.ApiClient.Reply;
import io.kvsync.emulator.data.Campaign;
import io.kvsync.emulator.data.Membership;
import io.kvsync.emulator.data.Scale;
import io.kvsync.emulator.ratelimit.RateLimitMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Data changes and ground truth, in process and over the admin HTTP API. */
class AdminApiTest {

  private static final List<String> TABLES =
      List.of(
          "profile_v2",
          "event_v2",
          "metric_v2",
          "list_v2",
          "segment_v2",
          "profile_list_v2",
          "profile_segment_v2",
          "flow_v2",
          "flow_action_v2",
          "flow_messages_v2",
          "campaign_v2",
          "campaign_utm_param_v2",
          "audience_included_v2",
          "audience_excluded_v2",
          "campaign_messages_v2",
          "campaign_message_template_v2",
          "campaign_message_send_time_v2",
          "campaign_recipient_estimation_v2");

  private KlaviyoEmulator emulator;
  private ApiClient api;

  @BeforeEach
  void start() {
    emulator =
        KlaviyoEmulator.start(
            EmulatorConfig.defaults()
                .withScale(new Scale(30, 200, 2_000, 10, 4, 3, 3, 12))
                .withRateLimits(RateLimitMode.OFF));
    api = new ApiClient(emulator.baseUrl(), emulator.demoKey());
  }

  @AfterEach
  void stop() {
    emulator.stop();
  }

  /**
   * Adds an event of the metric and profile at 2026-06-25T12:00:07Z through the admin HTTP API;
   * {@code moreFields} follow those in its body.
   */
  private HttpResponse<String> addEvent(String metric, String profile, String moreFields)
      throws Exception {
    return admin(
        "POST",
        "/admin/events",
        "{\"metric_id\":\""
            + metric
            + "\",\"profile_id\":\""
            + profile
            + "\",\"datetime\":\"2026-06-25T12:00:07+00:00\""
            + moreFields
            + "}");
  }

  private HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(emulator.adminUrl() + path))
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void groundTruthCoversAllEighteenTablesWithUniqueKeys() {
    assertEquals(new HashSet<>(TABLES), emulator.admin().truthTables());
    for (String table : TABLES) {
      List<Map<String, Object>> rows = emulator.admin().truth(table);
      List<String> keyColumns = emulator.admin().keyColumns(table);
      Set<List<Object>> keys = new HashSet<>();
      rows.forEach(row -> keys.add(keyColumns.stream().map(row::get).toList()));
      assertFalse(rows.isEmpty(), table);
      assertEquals(rows.size(), keys.size(), table + " has duplicate keys");
      assertTrue(rows.get(0).keySet().containsAll(keyColumns), table);
    }
  }

  @Test
  void groundTruthMatchesWhatTheApiServesForEvents() {
    List<JsonNode> pages = api.allPages("/api/events");
    Set<String> served = new HashSet<>();
    pages.forEach(p -> p.path("data").forEach(e -> served.add(e.path("id").asText())));

    Set<Object> truth = new HashSet<>();
    emulator.admin().truth("event_v2").forEach(row -> truth.add(row.get("id")));

    assertEquals(2_000, truth.size());
    assertEquals(truth, served);
  }

  @Test
  void truthStreamsOverHttpAsAJsonArray() throws Exception {
    HttpResponse<String> response = admin("GET", "/admin/truth/profile_list_v2", null);

    JsonNode rows = ApiClient.JSON.readTree(response.body());
    assertEquals(200, response.statusCode());
    assertEquals(emulator.admin().truth("profile_list_v2").size(), rows.size());
    assertTrue(rows.path(0).has("list_id") && rows.path(0).has("profile_id"));
  }

  @Test
  void unknownTableIs404NamingTheKnownOnes() throws Exception {
    HttpResponse<String> response = admin("GET", "/admin/truth/no_such_table", null);

    assertEquals(404, response.statusCode());
    assertTrue(response.body().contains("metric_v2"));
  }

  @Test
  void updatedProfileComesBackInAnIncrementalRead() throws Exception {
    String id = emulator.admin().data().profiles().sortedById().get(5).id();
    String since = "2026-08-01T00:00:00+00:00"; // after the data, before the wall clock

    HttpResponse<String> patched =
        admin(
            "PATCH",
            "/admin/profiles/" + id,
            "{\"first_name\":\"Ünïcode 🎉\",\"properties\":{\"new key\":1}}");
    assertEquals(200, patched.statusCode(), patched.body());

    List<JsonNode> changed =
        api.allPages("/api/profiles", "filter", "greater-than(updated," + since + ")");
    Set<String> ids = new HashSet<>();
    changed.forEach(
        p ->
            p.path("data")
                .forEach(
                    r -> {
                      if (r.path("attributes").path("updated").asText().startsWith("20")
                          && Instant.parse(
                                  r.path("attributes")
                                      .path("updated")
                                      .asText()
                                      .replace("+00:00", "Z"))
                              .isBefore(Instant.parse("2030-01-01T00:00:00Z"))) {
                        ids.add(r.path("id").asText());
                      }
                    }));
    assertEquals(Set.of(id), ids);
    assertEquals(
        "Ünïcode 🎉",
        api.get("/api/profiles/" + id)
            .body()
            .path("data")
            .path("attributes")
            .path("first_name")
            .asText());
  }

  @Test
  void numbersGivenThroughTheAdminApiAreServedWithEveryDigit() throws Exception {
    String profile = emulator.admin().data().profiles().sortedById().get(0).id();
    String metric = emulator.admin().data().metrics().sortedById().get(0).id();
    String exact =
        "{\"amount\":12345678901234567890.12,\"huge\":98765432109876543210987,"
            + "\"price\":1.10,\"nul\":\"a\\u0000b\"}";

    HttpResponse<String> patched =
        admin("PATCH", "/admin/profiles/" + profile, "{\"properties\":" + exact + "}");
    HttpResponse<String> added = addEvent(metric, profile, ",\"properties\":" + exact);

    assertEquals(200, patched.statusCode(), patched.body());
    assertEquals(201, added.statusCode(), added.body());
    String event = ApiClient.JSON.readTree(added.body()).path("id").asText();
    String served = api.get("/api/profiles/" + profile).raw().body();
    assertTrue(served.contains(exact.substring(1, exact.length() - 1)), served);
    String servedEvent = api.get("/api/events/" + event).raw().body();
    assertTrue(servedEvent.contains("\"event_properties\":" + exact), servedEvent);
  }

  @Test
  void lateEventAppearsBehindTheNewestAndInTheTruth() throws Exception {
    String metric = emulator.admin().data().metrics().sortedById().get(0).id();
    String profile = emulator.admin().data().profiles().sortedById().get(0).id();

    HttpResponse<String> added = addEvent(metric, profile, "");
    assertEquals(201, added.statusCode(), added.body());
    String id = ApiClient.JSON.readTree(added.body()).path("id").asText();

    List<JsonNode> pages =
        api.allPages(
            "/api/events",
            "filter",
            "greater-or-equal(datetime,2026-06-25T12:00:07+00:00)",
            "sort",
            "datetime");
    assertEquals(id, pages.get(0).path("data").path(0).path("id").asText());
    assertTrue(
        emulator.admin().truth("event_v2").stream().anyMatch(row -> row.get("id").equals(id)));
  }

  @Test
  void removedListMemberLeavesTheListingAndIsReportedDeleted() throws Exception {
    Membership member = emulator.admin().data().listMembers().rows().iterator().next();

    HttpResponse<String> removed =
        admin(
            "DELETE", "/admin/lists/" + member.groupId() + "/members/" + member.profileId(), null);
    assertEquals(200, removed.statusCode(), removed.body());

    List<JsonNode> pages =
        api.allPages("/api/lists/" + member.groupId() + "/relationships/profiles");
    pages.forEach(
        p ->
            p.path("data")
                .forEach(r -> assertFalse(r.path("id").asText().equals(member.profileId()))));
    assertEquals(
        List.of(Map.of("list_id", member.groupId(), "profile_id", member.profileId())),
        emulator.admin().deleted("profile_list_v2"));
  }

  @Test
  void addedListMemberShowsItsJoinedAt() throws Exception {
    String list = emulator.admin().data().lists().sortedById().get(0).id();
    String profile = emulator.admin().createProfile("new@example.com", "Nouveau").id();

    HttpResponse<String> added =
        admin(
            "PUT",
            "/admin/lists/" + list + "/members/" + profile,
            "{\"joined_group_at\":\"2026-09-01T08:00:00+00:00\"}");
    assertEquals(200, added.statusCode(), added.body());

    JsonNode page =
        api.get(
                "/api/lists/" + list + "/profiles",
                "filter",
                "greater-than(joined_group_at,2026-08-31T00:00:00+00:00)")
            .body();
    assertEquals(profile, page.path("data").path(0).path("id").asText());
    assertEquals(
        "2026-09-01T08:00:00+00:00",
        page.path("data").path(0).path("attributes").path("joined_group_at").asText());
  }

  @Test
  void deletedCampaignDisappearsWithItsMessagesAndIsReportedDeleted() throws Exception {
    Campaign campaign = emulator.admin().data().campaigns().sortedById().get(0);

    assertEquals(200, admin("DELETE", "/admin/campaigns/" + campaign.id(), null).statusCode());

    assertEquals(404, api.get("/api/campaigns/" + campaign.id()).status());
    assertFalse(
        emulator.admin().truth("campaign_v2").stream()
            .anyMatch(r -> r.get("id").equals(campaign.id())));
    assertFalse(
        emulator.admin().truth("campaign_messages_v2").stream()
            .anyMatch(r -> r.get("campaign_id").equals(campaign.id())));
    assertEquals(List.of(Map.of("id", campaign.id())), emulator.admin().deleted("campaign_v2"));
    assertEquals(1, emulator.admin().deleted("campaign_messages_v2").size());
  }

  @Test
  void archivedCampaignIsListedAsArchived() throws Exception {
    Campaign campaign =
        emulator.admin().data().campaigns().rows().stream()
            .filter(c -> !c.archived() && c.channel().equals("email"))
            .findFirst()
            .orElseThrow();

    assertEquals(
        200, admin("POST", "/admin/campaigns/" + campaign.id() + "/archive", null).statusCode());

    JsonNode archived =
        api.get(
                "/api/campaigns",
                "filter",
                "and(equals(messages.channel,'email'),equals(archived,true),any(id,['"
                    + campaign.id()
                    + "']))")
            .body();
    assertEquals(1, archived.path("data").size());
  }

  @Test
  void editedFlowShowsItsNewStatus() throws Exception {
    String flow = emulator.admin().data().flows().sortedById().get(0).id();

    assertEquals(
        200,
        admin("PATCH", "/admin/flows/" + flow, "{\"status\":\"draft\",\"archived\":true}")
            .statusCode());

    JsonNode attributes = api.get("/api/flows/" + flow).body().path("data").path("attributes");
    assertEquals("draft", attributes.path("status").asText());
    assertTrue(attributes.path("archived").asBoolean());
  }

  @Test
  void deletedListTakesItsMembershipsAlong() throws Exception {
    String list = emulator.admin().data().lists().sortedById().get(1).id();

    assertEquals(200, admin("DELETE", "/admin/lists/" + list, null).statusCode());

    assertEquals(404, api.get("/api/lists/" + list).status());
    assertFalse(
        emulator.admin().truth("profile_list_v2").stream()
            .anyMatch(r -> r.get("list_id").equals(list)));
    assertEquals(List.of(Map.of("id", list)), emulator.admin().deleted("list_v2"));
  }

  @Test
  void keysAddedOverHttpWorkAndRevokedOnesStop() throws Exception {
    assertEquals(
        201,
        admin("PUT", "/admin/keys/pk_added_over_http", "{\"scopes\":[\"accounts:read\"]}")
            .statusCode());
    assertEquals(200, api.withKey("pk_added_over_http").get("/api/accounts").status());
    assertEquals(403, api.withKey("pk_added_over_http").get("/api/profiles").status());

    assertEquals(204, admin("DELETE", "/admin/keys/pk_added_over_http", null).statusCode());

    Reply refused = api.withKey("pk_added_over_http").get("/api/accounts");
    assertEquals(401, refused.status());
  }

  @Test
  void adminRejectsChangesToUnknownObjects() throws Exception {
    HttpResponse<String> response =
        admin("PATCH", "/admin/profiles/nope", "{\"first_name\":\"x\"}");

    assertEquals(404, response.statusCode());
  }

  @Test
  void theAdminApiHasItsOwnLoopbackListenerAndTheKlaviyoPortAnswers404ForIt() throws Exception {
    URI admin = URI.create(emulator.adminUrl());
    assertEquals("127.0.0.1", admin.getHost());
    assertNotEquals(emulator.port(), admin.getPort());
    assertEquals(200, admin("GET", "/admin/health", null).statusCode());
    for (String path : List.of("/admin/health", "/admin/truth/metric_v2", "/admin/faults")) {
      HttpResponse<String> onApiPort =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                      .method("GET", HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(404, onApiPort.statusCode(), path);
    }
    // A change through the API port does not happen either.
    HttpResponse<String> fault =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/admin/faults"))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"endpoint\":\"*\",\"kind\":\"SERVER_ERROR\"}"))
                    .header("Content-Type", "application/json")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(404, fault.statusCode());
    assertEquals(List.of(), emulator.admin().faults());
  }

  @Test
  void healthReportsTheBaseUrl() throws Exception {
    JsonNode health = ApiClient.JSON.readTree(admin("GET", "/admin/health", null).body());

    assertEquals("UP", health.path("status").asText());
    assertEquals(emulator.baseUrl(), health.path("base_url").asText());
  }
}
