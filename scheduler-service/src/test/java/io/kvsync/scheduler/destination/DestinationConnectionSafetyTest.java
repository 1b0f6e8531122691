package io.kvsync.scheduler.destination;

import static io.kvsync.scheduler.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The connection test is no port scanner and no password oracle: hosts are checked against the
 * network policy, answers are categories without the driver's text, and only roles that manage
 * destinations may point one elsewhere, after a passing test.
 */
@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class DestinationConnectionSafetyTest {

  private static final String PASSWORD = "s3cret-db-password";

  private static Map<String, Object> reachable() {
    Map<String, Object> body = new HashMap<>(Api.destinationBody("d-" + UUID.randomUUID()));
    body.put("database", "postgres");
    return body;
  }

  private static ValidatableResponse test(Map<String, Object> body) {
    return asAdmin().body(body).post("/api/v1/destinations/test").then();
  }

  private static ValidatableResponse problem(
      ValidatableResponse response, int status, String field, String words) {
    return response
        .statusCode(status)
        .contentType("application/problem+json")
        .body("field", equalTo(field))
        .body("detail", containsString(words))
        .body("detail", not(containsString(PASSWORD)));
  }

  @Test
  void theCloudMetadataAddressIsRefusedNamingTheHost() {
    Map<String, Object> body = reachable();
    body.put("host", "169.254.169.254");
    problem(test(body), 422, "host", "169.254.169.254 is a cloud metadata address");
    problem(
        asAdmin().body(body).post("/api/v1/destinations").then(),
        422,
        "host",
        "never allowed as a destination");
  }

  @Test
  void aPrivateAddressOutsideTheAllowedNetworksIsRefusedWithTheRule() {
    Map<String, Object> body = reachable();
    body.put("host", "10.11.12.13");
    problem(test(body), 422, "host", "KVSYNC_DESTINATION_ALLOWED_NETWORKS")
        .body("detail", containsString("127.0.0.0/8, ::1/128"));
  }

  @Test
  void aClosedPortAnswersHostUnreachableWithoutTheDriversText() throws IOException {
    Map<String, Object> body = reachable();
    body.put("port", closedPort());
    String answer =
        problem(test(body), 422, "host", "host unreachable").extract().body().asString();
    assertFalse(answer.toLowerCase().contains("connection refused"), answer);
  }

  @Test
  void anUnknownUserAnswersAuthenticationFailedAndAMissingDatabaseSaysSo() {
    Map<String, Object> body = reachable();
    body.put("user", "no_such_role_" + UUID.randomUUID().toString().substring(0, 8));
    String answer =
        problem(test(body), 422, "password", "authentication failed").extract().asString();
    assertFalse(answer.contains("does not exist"), "no driver text: " + answer);

    body = reachable();
    body.put("database", "no_such_database_here");
    problem(test(body), 422, "database", "database or schema missing")
        .body("detail", containsString("no_such_database_here"));
  }

  @Test
  void tlsSettingsAreValidatedDefaultedAndTheCertificateNeverShown() throws IOException {
    Map<String, Object> body = reachable();
    body.put("ssl_mode", "prefer");
    problem(
        asAdmin().body(body).post("/api/v1/destinations").then(),
        422,
        "ssl_mode",
        "ssl_mode must be one of disable, require, verify-ca, verify-full");

    body = reachable();
    body.put("ssl_mode", "verify-full");
    body.put("ca_certificate", "-----BEGIN CERTIFICATE-----\nnot a certificate\n");
    problem(
        asAdmin().body(body).post("/api/v1/destinations").then(), 422, "ca_certificate", "X.509");

    String pem = testCa();
    body.put("ca_certificate", pem);
    String answer =
        asAdmin()
            .body(body)
            .post("/api/v1/destinations")
            .then()
            .statusCode(201)
            .body("ssl_mode", equalTo("verify-full"))
            .body("ca_certificate_set", equalTo(true))
            .extract()
            .asString();
    assertFalse(answer.contains("BEGIN CERTIFICATE"), answer);

    // A loopback host defaults to disable, any other host to verify-full.
    asAdmin()
        .body(reachable())
        .post("/api/v1/destinations")
        .then()
        .statusCode(201)
        .body("ssl_mode", equalTo("disable"))
        .body("ca_certificate_set", equalTo(false));
    Map<String, Object> remote = reachable();
    remote.put("host", "db.example.invalid");
    asAdmin()
        .body(remote)
        .post("/api/v1/destinations")
        .then()
        .statusCode(201)
        .body("ssl_mode", equalTo("verify-full"));
  }

  @Test
  void anOperatorMayRenameADestinationButNotPointItElsewhere() {
    String id = Api.createDestination(reachable());
    String operator = token("PIPELINE_COLLABORATOR");
    as(operator)
        .body(Map.of("host", "localhost"))
        .patch("/api/v1/destinations/" + id)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", containsString("may not manage destinations"));
    as(operator)
        .body(Map.of("password", "another-password"))
        .patch("/api/v1/destinations/" + id)
        .then()
        .statusCode(403);
    String renamed = "renamed-" + UUID.randomUUID();
    as(operator)
        .body(Map.of("name", renamed))
        .patch("/api/v1/destinations/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo(renamed));
    as(token("TEAM_COLLABORATOR"))
        .body(Map.of("password", "another-password"))
        .patch("/api/v1/destinations/" + id)
        .then()
        .statusCode(200);
  }

  @Test
  void aChangedConnectionMustPassTheTestBeforeItIsStored() throws IOException {
    String id = Api.createDestination(reachable());
    problem(
        asAdmin().body(Map.of("port", closedPort())).patch("/api/v1/destinations/" + id).then(),
        422,
        "host",
        "host unreachable");
    problem(
        asAdmin()
            .body(Map.of("host", "169.254.169.254"))
            .patch("/api/v1/destinations/" + id)
            .then(),
        422,
        "host",
        "never allowed");
    asAdmin()
        .get("/api/v1/destinations/" + id)
        .then()
        .statusCode(200)
        .body("port", equalTo(5432))
        .body("host", equalTo("127.0.0.1"));
  }

  private static io.restassured.specification.RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
  }

  private static String token(String role) {
    return asAdmin()
        .body(Map.of("name", "safety " + role + " " + UUID.randomUUID(), "role", role))
        .post("/api/v1/tokens")
        .then()
        .statusCode(201)
        .extract()
        .path("token");
  }

  /** A loopback port nothing listens on (bound, then released). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String testCa() throws IOException {
    try (InputStream in =
        DestinationConnectionSafetyTest.class.getResourceAsStream("/tls/test-ca.pem")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
