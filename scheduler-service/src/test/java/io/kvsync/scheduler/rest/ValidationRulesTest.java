package io.kvsync.scheduler.rest;

import static io.kvsync.scheduler.support.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every rule of the pipeline and destination requests, with the exact answer a user gets. */
@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class ValidationRulesTest {

  private static Map<String, Object> pipeline() {
    return new HashMap<>(
        Api.pipelineBody("p-" + UUID.randomUUID(), Api.createDestination(), List.of("metric_v2")));
  }

  private static ValidatableResponse create(Map<String, Object> body) {
    return asAdmin().body(body).post("/api/v1/pipelines").then();
  }

  private static ValidatableResponse refused(
      ValidatableResponse response, int status, String field, String detail) {
    return response
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("field", equalTo(field))
        .body("detail", equalTo(detail));
  }

  private static Map<String, Object> withSource(
      Map<String, Object> body, String key, Object value) {
    Map<String, Object> source = new HashMap<>((Map<String, Object>) body.get("source"));
    source.put(key, value);
    body.put("source", source);
    return body;
  }

  @Test
  void aPipelineNameIsRequiredUniqueAndAtMost255Characters() {
    Map<String, Object> body = pipeline();
    body.remove("name");
    refused(create(body), 422, "name", "name is required");

    body = pipeline();
    body.put("name", "n".repeat(256));
    refused(create(body), 422, "name", "name must be at most 255 characters long");

    body = pipeline();
    body.put("name", "n".repeat(255).substring(0, 200) + UUID.randomUUID());
    create(body).statusCode(201);
    refused(
        create(body), 409, "name", "A pipeline named '" + body.get("name") + "' already exists");
  }

  @Test
  void theFrequencyIsThirtyMinutesOrWholeHoursAndDefaultsToSix() {
    Map<String, Object> body = pipeline();
    body.put("frequency", "PT1H30M");
    refused(
        create(body),
        422,
        "frequency",
        "frequency must be PT30M (30 minutes) or a whole number of hours from PT1H to PT24H; got"
            + " PT1H30M");
    body.put("frequency", "PT30M");
    create(body).statusCode(201).body("frequency", equalTo("PT30M"));
    body = pipeline();
    body.remove("frequency");
    create(body).statusCode(201).body("frequency", equalTo("PT6H"));
  }

  @Test
  void theHistoricalDurationIsAPeriodOrAllAndDefaultsToThreeMonths() {
    refused(
        create(withSource(pipeline(), "historical_sync_duration", "3 months")),
        422,
        "source.historical_sync_duration",
        "historical_sync_duration must be an ISO-8601 period such as P3M, P1Y or P30D, or ALL;"
            + " got 3 months");
    create(withSource(pipeline(), "historical_sync_duration", "ALL"))
        .statusCode(201)
        .body("source.historical_sync_duration", equalTo("ALL"));
    // A period past the calendar once stopped every scheduling tick; it never gets in now.
    refused(
        create(withSource(pipeline(), "historical_sync_duration", "P1001000000Y")),
        422,
        "source.historical_sync_duration",
        "historical_sync_duration must be an ISO-8601 period such as P3M, P1Y or P30D, or ALL"
            + " (at most P100Y; ALL reads everything); got P1001000000Y");
    refused(
        create(withSource(pipeline(), "historical_sync_duration", "P1200M1D")),
        422,
        "source.historical_sync_duration",
        "historical_sync_duration must be an ISO-8601 period such as P3M, P1Y or P30D, or ALL"
            + " (at most P100Y; ALL reads everything); got P1200M1D");
    create(withSource(pipeline(), "historical_sync_duration", "P100Y"))
        .statusCode(201)
        .body("source.historical_sync_duration", equalTo("P100Y"));
    Map<String, Object> body = pipeline();
    Map<String, Object> source = new HashMap<>((Map<String, Object>) body.get("source"));
    source.remove("historical_sync_duration");
    body.put("source", source);
    create(body).statusCode(201).body("source.historical_sync_duration", equalTo("P3M"));
  }

  @Test
  void objectsMustBeCatalogueObjectsAndDefaultToAll() {
    Map<String, Object> body = pipeline();
    body.put("objects", List.of("metric_v2", "nonsense_v2"));
    create(body)
        .statusCode(422)
        .body("field", equalTo("objects"))
        .body("detail", startsWith("Unknown object 'nonsense_v2'; known objects: [metric_v2"));
    body.remove("objects");
    create(body).statusCode(201).body("objects", hasItem("metric_v2"));
  }

  @Test
  void theDestinationMustExistAndTheSourceTypeIsKlaviyoV2() {
    Map<String, Object> body = pipeline();
    body.put("destination_id", "not-a-uuid");
    refused(create(body), 422, "destination_id", "destination_id must be a UUID; got not-a-uuid");
    UUID unknown = UUID.randomUUID();
    body.put("destination_id", unknown.toString());
    refused(create(body), 422, "destination_id", "No destination with id " + unknown);
    refused(
        create(withSource(pipeline(), "type", "shopify")),
        422,
        "source.type",
        "source.type must be \"klaviyo_v2\"");
  }

  @Test
  void theKeyIsTestedBeforeThePipelineIsCreated() {
    refused(
        create(withSource(pipeline(), "private_api_key", "pk_unknown_key_12345")),
        422,
        "source.private_api_key",
        "Klaviyo refused the private API key (401): check that it is a valid, active private key");
    refused(
        create(withSource(pipeline(), "private_api_key", "pk_emulator_lacks_events_read")),
        422,
        "source.private_api_key",
        "The private API key lacks read access to: Events. Give the key read scope for each in"
            + " Klaviyo");
  }

  @Test
  void testConnectionNamesTheAccountOrTheMissingScopes() {
    asAdmin()
        .body(Map.of("private_api_key", Api.API_KEY))
        .post("/api/v1/pipelines/test-connection")
        .then()
        .statusCode(200)
        .body("ok", equalTo(true))
        .body("account.id", org.hamcrest.Matchers.notNullValue());
    for (String[] lack :
        new String[][] {
          {"campaigns", "Campaigns"}, {"flows", "Flows"}, {"lists", "List"},
          {"metrics", "Metrics"}, {"profiles", "Profiles"}, {"segments", "Segments"},
          {"templates", "Templates"}, {"accounts", "Accounts"}
        }) {
      refused(
          asAdmin()
              .body(Map.of("private_api_key", "pk_emulator_lacks_" + lack[0] + "_read"))
              .post("/api/v1/pipelines/test-connection")
              .then(),
          422,
          "source.private_api_key",
          "The private API key lacks read access to: "
              + lack[1]
              + ". Give the key read scope for each in Klaviyo");
    }
    refused(
        asAdmin().body(Map.of()).post("/api/v1/pipelines/test-connection").then(),
        422,
        "private_api_key",
        "private_api_key is required");
  }

  @Test
  void destinationFieldsFollowTheirRules() {
    Map<String, Object> body = new HashMap<>(Api.destinationBody("d-" + UUID.randomUUID()));
    body.put("type", "mysql");
    refused(
        asAdmin().body(body).post("/api/v1/destinations").then(),
        422,
        "type",
        "type must be \"postgres\"");
    body = new HashMap<>(Api.destinationBody("d-" + UUID.randomUUID()));
    body.put("port", 70000);
    refused(
        asAdmin().body(body).post("/api/v1/destinations").then(),
        422,
        "port",
        "port must be between 1 and 65535");
    body = new HashMap<>(Api.destinationBody("d-" + UUID.randomUUID()));
    body.put("schema", "klaviyo; drop table x");
    refused(
        asAdmin().body(body).post("/api/v1/destinations").then(),
        422,
        "schema",
        "schema must start with a letter or underscore and contain only letters, digits and"
            + " underscores (at most 63), and not be a name PostgreSQL reserves (pg_...,"
            + " information_schema)");
    body = new HashMap<>(Api.destinationBody("d-" + UUID.randomUUID()));
    body.remove("host");
    refused(
        asAdmin().body(body).post("/api/v1/destinations").then(), 422, "host", "host is required");
    body = new HashMap<>(Api.destinationBody("d-" + UUID.randomUUID()));
    asAdmin().body(body).post("/api/v1/destinations").then().statusCode(201);
    refused(
        asAdmin().body(body).post("/api/v1/destinations").then(),
        409,
        "name",
        "A destination named '" + body.get("name") + "' already exists");
  }

  @Test
  void destinationsAreTestedEditedListedAndDeletedOnlyWhenUnused() {
    Map<String, Object> body = new HashMap<>(Api.destinationBody("d-" + UUID.randomUUID()));
    body.put("database", "postgres");
    body.put("password", "");
    asAdmin()
        .body(body)
        .post("/api/v1/destinations/test")
        .then()
        .statusCode(200)
        .body("ok", equalTo(true));
    body.put("database", "no_such_database_here");
    asAdmin()
        .body(body)
        .post("/api/v1/destinations/test")
        .then()
        .statusCode(422)
        .body("detail", org.hamcrest.Matchers.containsString("no_such_database_here"));

    String id = Api.createDestination();
    asAdmin()
        .body(Map.of("table_prefix", "kv_"))
        .patch("/api/v1/destinations/" + id)
        .then()
        .statusCode(200)
        .body("table_prefix", equalTo("kv_"))
        .body("schema", org.hamcrest.Matchers.startsWith("klaviyo_"));
    asAdmin().get("/api/v1/destinations").then().statusCode(200).body("id", hasItem(id));

    Map<String, Object> pipeline =
        Api.pipelineBody("p-" + UUID.randomUUID(), id, List.of("metric_v2"));
    String pipelineId = create(new HashMap<>(pipeline)).statusCode(201).extract().path("id");
    asAdmin()
        .delete("/api/v1/destinations/" + id)
        .then()
        .statusCode(409)
        .body("detail", startsWith("Destination '"));
    asAdmin().delete("/api/v1/pipelines/" + pipelineId).then().statusCode(204);
    asAdmin().get("/api/v1/pipelines/" + pipelineId).then().statusCode(404);
    asAdmin().delete("/api/v1/destinations/" + id).then().statusCode(204);
    asAdmin().get("/api/v1/destinations/" + id).then().statusCode(404);
  }

  @Test
  void aPipelineIsEditedWithTheSameRulesAndANewKeyIsTestedFirst() {
    String id = Api.createPipeline(List.of("metric_v2"));
    refused(
        asAdmin().body(Map.of("frequency", "PT90M")).patch("/api/v1/pipelines/" + id).then(),
        422,
        "frequency",
        "frequency must be PT30M (30 minutes) or a whole number of hours from PT1H to PT24H; got"
            + " PT90M");
    refused(
        asAdmin()
            .body(Map.of("source", Map.of("private_api_key", "pk_unknown_key_12345")))
            .patch("/api/v1/pipelines/" + id)
            .then(),
        422,
        "source.private_api_key",
        "Klaviyo refused the private API key (401): check that it is a valid, active private key");
    asAdmin()
        .body(Map.of("source", Map.of("private_api_key", "pk_emulator_demo_key_0001")))
        .patch("/api/v1/pipelines/" + id)
        .then()
        .statusCode(200)
        .body("source.private_api_key", equalTo("pk_****0001"));
    asAdmin().get("/api/v1/pipelines").then().statusCode(200).body("id", hasItem(id));

    asAdmin()
        .body(Map.of("objects", List.of("metric_v2", "event_v2")))
        .patch("/api/v1/pipelines/" + id)
        .then()
        .statusCode(200)
        .body("objects", equalTo(List.of("metric_v2", "event_v2")));
    asAdmin()
        .get("/api/v1/pipelines/" + id + "/objects")
        .then()
        .body("find { it.object == 'event_v2' }.status", equalTo("QUEUED"));
    asAdmin()
        .body(Map.of("objects", List.of("event_v2")))
        .patch("/api/v1/pipelines/" + id)
        .then()
        .statusCode(200)
        .body("objects", equalTo(List.of("event_v2")));
    refused(
        asAdmin().body(Map.of("objects", List.of())).patch("/api/v1/pipelines/" + id).then(),
        422,
        "objects",
        "objects must name at least one object, or be omitted");
  }

  @Test
  void unknownIdsAndBadBodiesGetProblemDetails() {
    asAdmin()
        .get("/api/v1/pipelines/not-a-uuid")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    asAdmin().get("/api/v1/pipelines/" + UUID.randomUUID() + "/objects").then().statusCode(404);
    String id = Api.createPipeline(List.of("metric_v2"));
    asAdmin()
        .post("/api/v1/pipelines/" + id + "/objects/metric_v2/explode")
        .then()
        .statusCode(404)
        .body(
            "detail",
            equalTo("No object action 'explode'; use pause, resume, skip, include or restart"));
    asAdmin()
        .post("/api/v1/pipelines/" + id + "/objects/profile_v9/pause")
        .then()
        .statusCode(404)
        .body("detail", equalTo("Pipeline " + id + " does not replicate profile_v9"));
    asAdmin()
        .body("{not json")
        .post("/api/v1/destinations")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }
}
