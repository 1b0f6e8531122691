package io.kvsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.emulator.ApiClient.Reply;
import io.kvsync.emulator.auth.ApiKey;
import io.kvsync.emulator.data.Scale;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RequestRulesTest {

  private static KlaviyoEmulator emulator;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    emulator =
        KlaviyoEmulator.start(
            EmulatorConfig.defaults()
                .withRateLimits(io.kvsync.emulator.ratelimit.RateLimitMode.OFF)
                .withScale(Scale.DEFAULT.withMetrics(30).withProfiles(10).withEvents(500)));
    api = new ApiClient(emulator.baseUrl(), emulator.demoKey());
  }

  @AfterAll
  static void stop() {
    emulator.stop();
  }

  private static void assertError(Reply reply, int status, String code) {
    assertEquals(status, reply.status(), reply.raw().body());
    assertEquals(code, reply.firstError().path("code").asText());
    assertTrue(reply.firstError().has("id") && reply.firstError().has("title"));
    assertTrue(reply.firstError().has("detail"));
    assertEquals(
        "application/vnd.api+json", reply.raw().headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void missingAuthorizationHeaderIs401() {
    assertError(api.withKey(null).get("/api/metrics"), 401, "not_authenticated");
  }

  @Test
  void wrongAuthorizationSchemeIs401() {
    Reply reply =
        api.send(
            api.url("/api/metrics"),
            b -> b.setHeader("Authorization", "Bearer " + emulator.demoKey()));
    assertError(reply, 401, "not_authenticated");
  }

  @Test
  void unknownKeyIs401() {
    assertError(
        api.withKey("pk_not_a_real_key").get("/api/accounts"), 401, "authentication_failed");
  }

  @Test
  void revokedKeyIs401() {
    emulator.admin().addKey(ApiKey.withAllReadScopes("pk_soon_revoked"));
    assertEquals(200, api.withKey("pk_soon_revoked").get("/api/accounts").status());

    emulator.admin().revokeKey("pk_soon_revoked");

    assertError(api.withKey("pk_soon_revoked").get("/api/accounts"), 401, "authentication_failed");
  }

  @Test
  void keyWithoutTheScopeIs403NamingTheScope() {
    Reply reply = api.withKey(ApiKey.builtInKeyLacking("metrics:read")).get("/api/metrics");

    assertError(reply, 403, "permission_denied");
    assertTrue(reply.firstError().path("detail").asText().contains("metrics:read"));
  }

  @Test
  void keyAddedWithOnlyOneScopeReachesOnlyThatEndpoint() {
    emulator.admin().addKey(new ApiKey("pk_accounts_only", Set.of("accounts:read")));

    assertEquals(200, api.withKey("pk_accounts_only").get("/api/accounts").status());
    assertError(api.withKey("pk_accounts_only").get("/api/metrics"), 403, "permission_denied");
  }

  @Test
  void missingRevisionHeaderIs400() {
    Reply reply = api.send(api.url("/api/metrics"), b -> b.setHeader("revision", ""));

    assertError(reply, 400, "invalid");
    assertEquals("revision", reply.firstError().path("source").path("parameter").asText());
  }

  @Test
  void pageSizeOnMetricsIs400BecauseTheEndpointHasNoSuchParameter() {
    Reply reply = api.get("/api/metrics", "page[size]", "50");

    assertError(reply, 400, "invalid");
    assertEquals("page[size]", reply.firstError().path("source").path("parameter").asText());
  }

  @Test
  void unknownQueryParameterIs400NamingIt() {
    Reply reply = api.get("/api/accounts", "colour", "blue");

    assertError(reply, 400, "invalid");
    assertEquals("colour", reply.firstError().path("source").path("parameter").asText());
  }

  @Test
  void filterOnAFieldTheEndpointDoesNotAllowIs400() {
    Reply reply = api.get("/api/metrics", "filter", "equals(name,'Placed Order')");

    assertError(reply, 400, "invalid");
    assertEquals("filter", reply.firstError().path("source").path("parameter").asText());
  }

  @Test
  void garbledCursorIs400() {
    Reply reply = api.get("/api/metrics", "page[cursor]", "not-a-cursor");

    assertError(reply, 400, "invalid");
    assertEquals("page[cursor]", reply.firstError().path("source").path("parameter").asText());
  }

  @Test
  void unknownPathIs404WithTheErrorBody() {
    assertError(api.get("/api/nothing-here"), 404, "not_found");
  }

  @Test
  void pageSizeAboveTheEndpointMaximumIs400() {
    Reply reply = api.get("/api/lists", "page[size]", "11");

    assertError(reply, 400, "invalid");
    assertEquals("page[size]", reply.firstError().path("source").path("parameter").asText());
  }

  @Test
  void pageSizeBelowOneIs400() {
    assertError(api.get("/api/profiles", "page[size]", "0"), 400, "invalid");
  }

  @Test
  void eventsReturnAtMost200PerPageEvenWhenTheSchemaAllowsAThousand() {
    Reply reply = api.get("/api/events", "page[size]", "1000");

    assertEquals(200, reply.status());
    assertEquals(200, reply.body().path("data").size());
  }

  @Test
  void sortOutsideTheEndpointsEnumIs400() {
    Reply reply = api.get("/api/profiles", "sort", "first_name");

    assertError(reply, 400, "invalid");
    assertEquals("sort", reply.firstError().path("source").path("parameter").asText());
  }

  @Test
  void includeOutsideTheEndpointsEnumIs400() {
    Reply reply = api.get("/api/events", "include", "metric,campaign");

    assertError(reply, 400, "invalid");
    assertEquals("include", reply.firstError().path("source").path("parameter").asText());
  }

  @Test
  void sparseFieldOutsideTheEndpointsEnumIs400() {
    Reply reply = api.get("/api/profiles", "fields[profile]", "email,shoe_size");

    assertError(reply, 400, "invalid");
    assertEquals("fields[profile]", reply.firstError().path("source").path("parameter").asText());
  }

  @Test
  void campaignsWithoutTheChannelFilterAre400() {
    Reply reply = api.get("/api/campaigns", "filter", "equals(archived,false)");

    assertError(reply, 400, "invalid");
    assertTrue(reply.firstError().path("detail").asText().contains("channel filter is required"));
  }

  @Test
  void operatorTheSpecDoesNotAllowOnTheFieldIs400() {
    // profiles allow only greater-than / less-than on updated
    Reply reply =
        api.get("/api/profiles", "filter", "greater-or-equal(updated,2024-01-01T00:00:00+00:00)");

    assertError(reply, 400, "invalid");
    assertEquals("filter", reply.firstError().path("source").path("parameter").asText());
  }

  @Test
  void singleValueWhereTheSpecAllowsOnlyTheListFormIs400() {
    assertError(api.get("/api/lists", "filter", "equals(name,'VIP')"), 400, "invalid");
  }

  @Test
  void filterSyntaxErrorIs400() {
    assertError(api.get("/api/events", "filter", "greater-than(datetime,"), 400, "invalid");
  }

  @Test
  void datetimeWithAnUnencodedPlusIs400BecauseThePlusBecomesASpace() {
    Reply reply =
        api.getUrl(
            emulator.baseUrl()
                + "/api/events?filter=greater-than(datetime,2024-01-01T00:00:00+00:00)");

    assertError(reply, 400, "invalid");
  }

  @Test
  void quotedStringWhereTheFieldTakesADatetimeIs400() {
    assertError(
        api.get("/api/events", "filter", "greater-than(datetime,'2024-01-01T00:00:00+00:00')"),
        400,
        "invalid");
  }

  @Test
  void valueOutsideTheFiltersEnumIs400() {
    assertError(
        api.get("/api/campaigns", "filter", "equals(messages.channel,'fax')"), 400, "invalid");
  }

  @Test
  void hasWithoutAValueAndAndOfConditionsAreAccepted() {
    Reply reply =
        api.get(
            "/api/events",
            "filter",
            "and(has(profile),greater-or-equal(datetime,2020-01-01T00:00:00+00:00))");

    assertEquals(200, reply.status(), reply.raw().body());
  }

  @Test
  void commaJoinedFiltersAreAcceptedAsAnd() {
    Reply reply =
        api.get(
            "/api/events",
            "filter",
            "has(profile),greater-or-equal(datetime,2020-01-01T00:00:00+00:00)");
    Reply unencoded =
        api.getUrl(
            emulator.baseUrl()
                + "/api/events?filter=has(profile),greater-or-equal(datetime,2020-01-01T00:00:00%2B00:00)");

    assertEquals(200, reply.status(), reply.raw().body());
    assertEquals(200, unencoded.status(), unencoded.raw().body());
  }

  @Test
  void commaJoinedFiltersWithATrailingCommaOrAnEmptyPartAre400() {
    String metric = "equals(metric_id,'X')";
    for (String filter : List.of(metric + ",", metric + ",," + metric, "," + metric)) {
      Reply reply = api.get("/api/events", "filter", filter);
      assertError(reply, 400, "invalid");
      assertEquals("filter", reply.firstError().path("source").path("parameter").asText());
      assertTrue(
          reply.firstError().path("detail").asText().contains("expected an operator"),
          reply.raw().body());
    }
  }

  @Test
  void eachCommaJoinedFilterIsCheckedAgainstTheEndpoint() {
    Reply reply =
        api.get("/api/events", "filter", "equals(metric_id,'X'),equals(name,'Placed Order')");

    assertError(reply, 400, "invalid");
    assertTrue(
        reply.firstError().path("detail").asText().contains("'name' is not a filterable field"),
        reply.raw().body());
  }

  @Test
  void accountsReturnsOneAccount() {
    Reply reply = api.get("/api/accounts");

    assertEquals(200, reply.status());
    assertEquals(1, reply.body().path("data").size());
    assertEquals("account", reply.body().path("data").path(0).path("type").asText());
  }
}
