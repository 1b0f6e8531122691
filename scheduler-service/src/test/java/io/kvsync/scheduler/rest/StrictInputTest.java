package io.kvsync.scheduler.rest;

import static io.kvsync.scheduler.support.Api.asAdmin;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Bodies the API refuses before any rule of a field runs, and the rules OpenAPI states. */
@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class StrictInputTest {

  private static final int ELEVEN_MB = 11 * 1024 * 1024;

  @TestHTTPResource("/")
  URL server;

  private static Map<String, Object> pipeline() {
    return new HashMap<>(
        Api.pipelineBody("p-" + UUID.randomUUID(), Api.createDestination(), List.of("metric_v2")));
  }

  private static Map<String, Object> destination() {
    return new HashMap<>(Api.destinationBody("d-" + UUID.randomUUID()));
  }

  private static ValidatableResponse problem(ValidatableResponse response, int status) {
    return response
        .statusCode(status)
        .contentType(ProblemDetail.MEDIA_TYPE)
        .body("status", equalTo(status));
  }

  private static ValidatableResponse post(String path, Object body) {
    return asAdmin().body(body).post(path).then();
  }

  @Test
  void anUnknownFieldIsRefusedByName() {
    Map<String, Object> body = pipeline();
    body.put("frequncy", "PT1H");
    problem(post("/api/v1/pipelines", body), 400)
        .body("field", equalTo("frequncy"))
        .body("detail", startsWith("Unknown field 'frequncy': this request takes only ["))
        .body("detail", containsString("frequency"));

    Map<String, Object> source = new HashMap<>((Map<String, Object>) body.get("source"));
    source.put("api_key", Api.API_KEY);
    body = pipeline();
    body.put("source", source);
    problem(post("/api/v1/pipelines", body), 400).body("field", equalTo("source.api_key"));

    problem(
            asAdmin()
                .body(Map.of("reset_positions", true, "hots", "db.example.com"))
                .patch("/api/v1/destinations/" + Api.createDestination())
                .then(),
            400)
        .body("field", equalTo("hots"));
  }

  @Test
  void aValueOfTheWrongTypeOrABodyThatIsNotJsonIsA400NamingTheRule() {
    Map<String, Object> body = destination();
    body.put("port", "abc");
    problem(post("/api/v1/destinations", body), 400)
        .body("field", equalTo("port"))
        .body("detail", equalTo("port must be a whole number"));
    body = pipeline();
    body.put("objects", Map.of("metric_v2", true));
    problem(post("/api/v1/pipelines", body), 400)
        .body("field", equalTo("objects"))
        .body("detail", equalTo("objects must be a list"));
    problem(post("/api/v1/destinations", "[1, 2]"), 400)
        .body("detail", equalTo("The body must be a JSON object"));
    problem(post("/api/v1/destinations", "{\"name\": \"x\"} trailing"), 400);
    problem(post("/api/v1/destinations", "{\"name\": "), 400)
        .body("detail", startsWith("The body is not valid JSON"));
  }

  @Test
  void aDeeplyNestedBodyIsA400NotAStackOverflow() {
    String arrays = "[".repeat(10_000) + "]".repeat(10_000);
    String objects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    for (String deep : List.of(arrays, objects)) {
      problem(
              asAdmin()
                  .body("{\"reset_positions\": " + deep + "}")
                  .patch("/api/v1/pipelines/" + UUID.randomUUID())
                  .then(),
              400)
          .body("field", equalTo("reset_positions"))
          .body("detail", equalTo("The body nests deeper than 64 levels"));
    }
  }

  @Test
  void stringsAreBoundedByTheParserAndEachFieldByItsRule() {
    Map<String, Object> body = destination();
    body.put("password", "p".repeat(Rules.MAX_JSON_STRING_LENGTH + 1));
    problem(post("/api/v1/destinations", body), 400)
        .body("field", equalTo("password"))
        .body("detail", equalTo("A string in the body is longer than 1048576 characters"));

    for (Object[] rule :
        new Object[][] {
          {"host", Rules.MAX_HOST_LENGTH},
          {"database", Rules.MAX_IDENTIFIER_LENGTH},
          {"user", Rules.MAX_IDENTIFIER_LENGTH},
          {"password", Rules.MAX_PASSWORD_LENGTH},
          {"name", Rules.MAX_NAME_LENGTH}
        }) {
      body = destination();
      body.put((String) rule[0], "x".repeat((int) rule[1] + 1));
      problem(post("/api/v1/destinations", body), 422)
          .body("field", equalTo(rule[0]))
          .body("detail", equalTo(rule[0] + " must be at most " + rule[1] + " characters long"));
    }
    problem(
            post(
                "/api/v1/pipelines/test-connection",
                Map.of("private_api_key", "pk_" + "x".repeat(Rules.MAX_API_KEY_LENGTH))),
            422)
        .body("field", equalTo("private_api_key"))
        .body("detail", equalTo("private_api_key must be at most 256 characters long"));
  }

  @Test
  void namesPostgresqlReservesAreRefusedForSchemaAndPrefix() {
    for (String reserved : List.of("pg_x", "PG_Catalog", "information_schema")) {
      Map<String, Object> body = destination();
      body.put("schema", reserved);
      problem(post("/api/v1/destinations", body), 422)
          .body("field", equalTo("schema"))
          .body("detail", equalTo("schema" + Rules.IDENTIFIER_RULE));
    }
    Map<String, Object> body = destination();
    body.put("table_prefix", "Pg_kv_");
    problem(post("/api/v1/destinations", body), 422)
        .body("field", equalTo("table_prefix"))
        .body("detail", equalTo("table_prefix" + Rules.TABLE_PREFIX_RULE));
    body = destination();
    body.put("schema", "pgx_schema");
    body.put("table_prefix", "kv_pg_");
    post("/api/v1/destinations", body).statusCode(201);
  }

  @Test
  void aFrequencyWithSecondsOrFractionsIsRefused() {
    for (String frequency : List.of("PT1H0.5S", "PT3600S", "PT0.5H", "PT1H30M")) {
      Map<String, Object> body = pipeline();
      body.put("frequency", frequency);
      problem(post("/api/v1/pipelines", body), 422)
          .body("field", equalTo("frequency"))
          .body(
              "detail",
              equalTo(
                  "frequency must be PT30M (30 minutes) or a whole number of hours from PT1H to"
                      + " PT24H; got "
                      + frequency));
    }
    Map<String, Object> body = pipeline();
    body.put("frequency", "PT60M");
    post("/api/v1/pipelines", body).statusCode(201).body("frequency", equalTo("PT1H"));
  }

  @Test
  void aPositionBeforeKlaviyoExistedIsRefused() {
    String id = Api.createPipeline(List.of("event_v2"));
    problem(
            asAdmin()
                .body(Map.of("position", "0001-01-01T00:00:00Z"))
                .put("/api/v1/pipelines/" + id + "/objects/event_v2/position")
                .then(),
            422)
        .body("field", equalTo("position"))
        .body(
            "detail", equalTo("position must not be before 2012-01-01T00:00:00Z, Klaviyo's start"));
  }

  @Test
  void aBodyThatIsNotJsonIs415AndOtherFrameworkRefusalsAreProblems() {
    problem(
            Api.asAdmin()
                .contentType("text/plain")
                .body("name=x")
                .post("/api/v1/destinations")
                .then(),
            415)
        .body("detail", equalTo("The body must be JSON: send Content-Type: application/json"));
    problem(asAdmin().put("/api/v1/pipelines").then(), 405);
    problem(asAdmin().accept("text/plain").get("/api/v1/pipelines").then(), 406);
    problem(asAdmin().get("/api/v1/no-such-thing").then(), 404);
  }

  @Test
  void theOpenApiDocumentStatesTheRules() {
    Map<String, Object> document = openApi();
    Map<String, Object> destination = requestSchema(document, "/api/v1/destinations", "post");
    assertThat(destination.get("additionalProperties"), equalTo(false));
    assertThat(property(destination, "host").get("maxLength"), equalTo(Rules.MAX_HOST_LENGTH));
    assertThat(property(destination, "user").get("maxLength"), equalTo(63));
    assertThat(property(destination, "password").get("maxLength"), equalTo(1024));
    assertThat(property(destination, "schema").get("pattern"), equalTo(Rules.IDENTIFIER_PATTERN));
    assertThat(
        (String) property(destination, "table_prefix").get("description"), containsString("pg_"));

    Map<String, Object> pipeline = requestSchema(document, "/api/v1/pipelines", "post");
    assertThat(pipeline.get("additionalProperties"), equalTo(false));
    assertThat(
        property(pipeline, "frequency").get("pattern"),
        equalTo(io.kvsync.scheduler.pipeline.Frequency.PATTERN));
    Map<String, Object> source = resolve(document, property(pipeline, "source"));
    assertThat(source.get("additionalProperties"), equalTo(false));
    assertThat(property(source, "private_api_key").get("maxLength"), equalTo(256));

    Map<String, Object> responses =
        path(document, "paths", "/api/v1/destinations", "post", "responses");
    for (String status : List.of("400", "413", "415")) {
      Map<String, Object> response = path(responses, status);
      assertThat(
          path(response, "content", ProblemDetail.MEDIA_TYPE, "schema").get("$ref"),
          equalTo("#/components/schemas/ProblemDetail"));
    }
    assertThat((String) path(responses, "413").get("description"), equalTo(Rules.BODY_TOO_LARGE));
  }

  /** The management interface, where the OpenAPI document is served. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  /** The OpenAPI document of the API, as JSON: where it is served is this one place. */
  private Map<String, Object> openApi() {
    return io.restassured.RestAssured.given()
        .baseUri(management.getProtocol() + "://" + management.getHost())
        .port(management.getPort())
        .accept("application/json")
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("$");
  }

  private static Map<String, Object> requestSchema(
      Map<String, Object> document, String path, String method) {
    return resolve(
        document,
        path(
            document,
            "paths",
            path,
            method,
            "requestBody",
            "content",
            "application/json",
            "schema"));
  }

  private static Map<String, Object> property(Map<String, Object> schema, String name) {
    return path(schema, "properties", name);
  }

  /** A schema, following its $ref into the components. */
  private static Map<String, Object> resolve(
      Map<String, Object> document, Map<String, Object> schema) {
    Object ref = schema.get("$ref");
    if (ref == null) {
      return schema;
    }
    String name = ((String) ref).substring("#/components/schemas/".length());
    return path(document, "components", "schemas", name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> path(Map<String, Object> node, String... keys) {
    Map<String, Object> at = node;
    for (String key : keys) {
      assertThat("OpenAPI has " + key, at.get(key), org.hamcrest.Matchers.notNullValue());
      at = (Map<String, Object>) at.get(key);
    }
    return at;
  }

  @Test
  void aBodyOverTheLimitIs413ProblemDetailsWithOrWithoutContentLength() throws Exception {
    String declared = "Content-Length: " + ELEVEN_MB + "\r\nContent-Type: application/json\r\n";
    assertTooLarge(exchange(declared, false));
    String chunked = "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n";
    assertTooLarge(exchange(chunked, true));
  }

  private static void assertTooLarge(String answer) {
    assertThat(answer, startsWith("HTTP/1.1 413"));
    assertThat(answer.toLowerCase(), containsString("content-type: application/problem+json"));
    String json = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    if (json.contains("\r\n")) { // a chunked answer: the JSON is the first chunk
      json = json.substring(json.indexOf("\r\n") + 2, json.lastIndexOf('}') + 1);
    }
    JsonPath problem = JsonPath.from(json);
    assertThat(problem.getInt("status"), equalTo(413));
    assertThat(problem.getString("detail"), equalTo(Rules.BODY_TOO_LARGE));
  }

  /**
   * Sends an 11 MB body over a raw socket while reading the answer, which may come (and the
   * connection close) before the body is sent in full.
   */
  private String exchange(String headers, boolean chunked) throws Exception {
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/v1/destinations HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + Api.ADMIN_TOKEN
                  + "\r\n"
                  + headers
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                try {
                  for (int sent = 0; sent < ELEVEN_MB; sent += chunk.length) {
                    if (chunked) {
                      out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes());
                    }
                    out.write(chunk);
                    if (chunked) {
                      out.write("\r\n".getBytes());
                    }
                  }
                  if (chunked) {
                    out.write("0\r\n\r\n".getBytes());
                  }
                } catch (IOException closedByTheServer) {
                  // Expected: the server answers and closes before the body ends.
                }
              });
      socket.setSoTimeout(30_000);
      String answer = read(socket.getInputStream());
      sending.cancel(true);
      return answer;
    }
  }

  private static String read(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        answer.write(buffer, 0, n);
        String text = answer.toString(StandardCharsets.UTF_8);
        if (text.contains("\r\n\r\n") && text.trim().endsWith("}")
            || text.endsWith("\r\n0\r\n\r\n")) {
          break;
        }
      }
    } catch (IOException reset) {
      // The server closed the connection after answering; what was read is the answer.
    }
    return answer.toString(StandardCharsets.UTF_8);
  }
}
