package io.kvsync.scheduler.token;

import static io.kvsync.scheduler.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kvsync.scheduler.support.ControlPlaneServices;
import io.kvsync.scheduler.support.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tokens expire, have unique names and show when they were last used. */
@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class TokenLifecycleTest {

  private static ExtractableResponse<Response> create(String name, String expiresAt) {
    Map<String, Object> body = new HashMap<>(Map.of("name", name, "role", "OBSERVER"));
    if (expiresAt != null) {
      body.put("expires_at", expiresAt);
    }
    return asAdmin().body(body).post("/api/v1/tokens").then().extract();
  }

  private static int read(String secret) {
    return given()
        .header("Authorization", "Bearer " + secret)
        .get("/api/v1/pipelines")
        .statusCode();
  }

  private static String lastUsedAt(String id) {
    return asAdmin()
        .get("/api/v1/tokens")
        .then()
        .statusCode(200)
        .extract()
        .path("find { it.id == '" + id + "' }.last_used_at");
  }

  @Test
  void aTokenPastItsExpiryGets401SayingSo() {
    Instant now = new TestClock().instant();
    var created = create("expiring " + UUID.randomUUID(), now.plus(Duration.ofHours(1)).toString());
    assertEquals(201, created.statusCode());
    assertNotNull(created.path("expires_at"));
    String secret = created.path("token");
    assertEquals(200, read(secret));

    TestClock.advance(Duration.ofHours(2));

    given()
        .header("Authorization", "Bearer " + secret)
        .get("/api/v1/pipelines")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("detail", equalTo("The bearer token has expired"));
  }

  @Test
  void expiryMustBeAnInstantInTheFutureWithinTwoYears() {
    Instant now = new TestClock().instant();
    for (String bad :
        new String[] {
          "tomorrow", now.minusSeconds(60).toString(), now.plus(Duration.ofDays(731)).toString()
        }) {
      var refused = create("bad expiry " + UUID.randomUUID(), bad);
      assertEquals(422, refused.statusCode(), bad);
      assertEquals("expires_at", refused.path("field"), bad);
    }
    assertEquals(
        "expires_at must be at most 730 days ahead",
        create("far " + UUID.randomUUID(), now.plus(Duration.ofDays(800)).toString())
            .path("detail"));
  }

  @Test
  void aSecondTokenOfTheSameNameIsRefusedNamingTheField() {
    String name = "twice " + UUID.randomUUID();
    assertEquals(201, create(name, null).statusCode());
    var again = create(name, null);
    assertEquals(409, again.statusCode());
    assertEquals("name", again.path("field"));
    assertEquals("A token named '" + name + "' already exists", again.path("detail"));
  }

  @Test
  void lastUsedAtMovesWithUseAtMostOnceAMinute() {
    var created = create("used " + UUID.randomUUID(), null);
    String id = created.path("id");
    String secret = created.path("token");
    assertNull(lastUsedAt(id), "never used yet");

    assertEquals(200, read(secret));
    String first = lastUsedAt(id);
    assertNotNull(first);
    assertEquals(200, read(secret));
    assertEquals(first, lastUsedAt(id), "a second call within the minute writes nothing");

    TestClock.advance(Duration.ofMinutes(2));
    assertEquals(200, read(secret));
    assertNotEquals(first, lastUsedAt(id));
  }

  @Test
  void requestsRacingForOneNameGetOneTokenAndConflictsNeverAServerError() throws Exception {
    String name = "raced " + UUID.randomUUID();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> create(name, null).statusCode()));
      }
      java.util.List<Integer> statuses = new java.util.ArrayList<>();
      for (var answer : answers) {
        statuses.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
      assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
    } finally {
      pool.shutdownNow();
    }
  }
}
