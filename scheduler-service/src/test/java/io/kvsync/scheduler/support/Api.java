package io.kvsync.scheduler.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** REST calls the tests make, as the configured administrator unless told otherwise. */
public final class Api {

  public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123";
  public static final String API_KEY = "pk_test_0123456789abcdef";

  /**
   * Keys that one test each uses alone: rate shares count every read in flight on a key, so a test
   * that checks them needs a key no other test's runs use.
   */
  public static final List<String> KEYS_OF_THEIR_OWN =
      List.of(
          "pk_test_own_key_000000001", "pk_test_own_key_000000002", "pk_test_own_key_000000003");

  private Api() {}

  public static RequestSpecification asAdmin() {
    return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON);
  }

  /** A destination of its own tables: {@code klaviyo} schema, a fresh table prefix. */
  public static Map<String, Object> destinationBody(String name) {
    return Map.of(
        "name", name,
        "type", "postgres",
        "host", "127.0.0.1",
        "port", 5432,
        "database", "klaviyo_demo",
        "user", "postgres",
        "password", "s3cret-db-password",
        "schema", "klaviyo",
        // A prefix of its own: one pipeline owns each place of tables.
        "table_prefix", "t" + UUID.randomUUID().toString().substring(0, 8) + "_");
  }

  public static Map<String, Object> pipelineBody(
      String name, String destinationId, List<String> objects) {
    return pipelineBody(name, destinationId, objects, API_KEY);
  }

  public static Map<String, Object> pipelineBody(
      String name, String destinationId, List<String> objects, String apiKey) {
    return Map.of(
        "name", name,
        "destination_id", destinationId,
        "source",
            Map.of(
                "type", "klaviyo_v2",
                "private_api_key", apiKey,
                "historical_sync_duration", "P3M"),
        "frequency", "PT6H",
        "objects", objects);
  }

  /** A destination on a schema of its own: no two tests' pipelines write the same table. */
  public static String createDestination() {
    String id = UUID.randomUUID().toString();
    Map<String, Object> body = new java.util.HashMap<>(destinationBody("dest-" + id));
    body.put("schema", "klaviyo_" + id.substring(0, 8));
    return createDestination(body);
  }

  /** A destination of this body; returns its id. */
  public static String createDestination(Map<String, Object> body) {
    return asAdmin()
        .body(body)
        .post("/api/v1/destinations")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  public static String createPipeline(List<String> objects) {
    return createPipeline(objects, API_KEY);
  }

  public static String createPipeline(List<String> objects, String apiKey) {
    return asAdmin()
        .body(pipelineBody("pipeline-" + UUID.randomUUID(), createDestination(), objects, apiKey))
        .post("/api/v1/pipelines")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  public static String runNow(String pipelineId) {
    return asAdmin()
        .post("/api/v1/pipelines/" + pipelineId + "/run-now")
        .then()
        .statusCode(202)
        .extract()
        .path("job_id");
  }

  public static ValidatableResponse job(String jobId) {
    return asAdmin().get("/api/v1/jobs/" + jobId).then().statusCode(200);
  }
}
