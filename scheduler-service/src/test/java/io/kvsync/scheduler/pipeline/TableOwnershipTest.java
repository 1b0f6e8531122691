package io.kvsync.scheduler.pipeline;

import static io.kvsync.scheduler.support.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlDatabase;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One owner per table: no two pipelines write the same tables; a move reloads the history. */
@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class TableOwnershipTest {

  private static final List<String> OBJECTS = List.of("event_v2", "metric_v2");

  private static String destination(Map<String, Object> overrides) {
    Map<String, Object> body = new HashMap<>(Api.destinationBody("d-" + UUID.randomUUID()));
    body.putAll(overrides);
    return Api.createDestination(body);
  }

  private static ValidatableResponse createPipeline(String name, String destinationId) {
    return asAdmin()
        .body(Api.pipelineBody(name, destinationId, OBJECTS))
        .post("/api/v1/pipelines")
        .then();
  }

  private static String pipeline(String name, String destinationId) {
    return createPipeline(name, destinationId).statusCode(201).extract().path("id");
  }

  private static ValidatableResponse patch(String pipelineId, Map<String, Object> body) {
    return asAdmin().body(body).patch("/api/v1/pipelines/" + pipelineId).then();
  }

  /** As if the pipeline had loaded its history: every object at a saved position. */
  private static void loaded(String pipelineId) throws Exception {
    ControlDatabase.execute(
        "UPDATE pipeline_objects SET cursor_position = '2026-01-01T00:00:00Z',"
            + " historical_done = true, status = 'ACTIVE', requested_at = NULL"
            + " WHERE pipeline_id = '"
            + pipelineId
            + "'");
  }

  @Test
  void aSecondPipelineOnTheSameTablesIsRefusedNamingTheOwner() {
    String prefix = "own" + UUID.randomUUID().toString().substring(0, 8) + "_";
    String first = destination(Map.of("table_prefix", prefix));
    String owner = "owner-" + UUID.randomUUID();
    String ownerId = pipeline(owner, first);

    createPipeline("second-" + UUID.randomUUID(), first)
        .statusCode(409)
        .contentType("application/problem+json")
        .body("field", equalTo("destination_id"))
        .body("detail", containsString("Pipeline '" + owner + "' (" + ownerId + ")"))
        .body("detail", containsString("schema klaviyo with table prefix '" + prefix + "'"));

    // Another destination record for the same place (the host written otherwise) is no way round.
    String samePlace =
        destination(Map.of("table_prefix", prefix, "host", "127.0.0.1".toUpperCase()));
    createPipeline("third-" + UUID.randomUUID(), samePlace)
        .statusCode(409)
        .body("detail", containsString("Pipeline '" + owner + "'"));

    // Another prefix in the same schema is another place.
    createPipeline("fourth-" + UUID.randomUUID(), destination(Map.of())).statusCode(201);
  }

  @Test
  void pipelinesCreatedAtOnceOnOnePlaceGetOneOwnerAndTheSameRefusal() throws Exception {
    String place = destination(Map.of());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Integer>> creations = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        creations.add(
            () ->
                createPipeline("racer-" + UUID.randomUUID(), place)
                    .extract()
                    .response()
                    .statusCode());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : pool.invokeAll(creations, 60, TimeUnit.SECONDS)) {
        statuses.add(answer.get());
      }
      assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
      assertEquals(5, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void patchingOntoTablesOfAnotherPipelineIsRefused() {
    String taken = destination(Map.of());
    String owner = "owner-" + UUID.randomUUID();
    pipeline(owner, taken);
    String mover = pipeline("mover-" + UUID.randomUUID(), destination(Map.of()));

    patch(mover, Map.of("destination_id", taken, "reset_positions", true))
        .statusCode(409)
        .body("field", equalTo("destination_id"))
        .body("detail", containsString("Pipeline '" + owner + "'"));
  }

  @Test
  void aMoveNeedsResetPositionsAsABooleanAndThenReloadsEveryObject() throws Exception {
    String mover = pipeline("mover-" + UUID.randomUUID(), destination(Map.of()));
    loaded(mover);
    String elsewhere = destination(Map.of("schema", "moved_here"));

    patch(mover, Map.of("destination_id", elsewhere))
        .statusCode(409)
        .body("field", equalTo("reset_positions"))
        .body("detail", containsString("would hold only what changes from now on"));
    patch(mover, Map.of("destination_id", elsewhere, "reset_positions", "true"))
        .statusCode(422)
        .body("field", equalTo("reset_positions"))
        .body("detail", equalTo("reset_positions must be true or false; got true"));
    patch(mover, Map.of("destination_id", elsewhere, "reset_positions", 1))
        .statusCode(422)
        .body("field", equalTo("reset_positions"));
    asAdmin()
        .get("/api/v1/pipelines/" + mover + "/objects")
        .then()
        .body("position", everyItem(equalTo("2026-01-01T00:00:00Z")));

    patch(mover, Map.of("destination_id", elsewhere, "reset_positions", true))
        .statusCode(200)
        .body("destination_id", equalTo(elsewhere));
    asAdmin()
        .get("/api/v1/pipelines/" + mover + "/objects")
        .then()
        .body("position", everyItem(nullValue()));
    asAdmin()
        .get("/api/v1/pipelines/" + mover + "/jobs")
        .then()
        .statusCode(200)
        .body("[0].trigger", equalTo("OBJECT_REQUEST"))
        .body("[0].objects.kind", hasItem("HISTORICAL"))
        .body("[0].objects.object", hasItem("event_v2"))
        .body("[0].objects.object", hasItem("metric_v2"));
    asAdmin()
        .get("/api/v1/activity-log?pipeline_id=" + mover)
        .then()
        .body("action", hasItem("pipeline.tables_moved"));
  }

  @Test
  void aMoveIsRefusedWhileARunIsActive() throws Exception {
    String mover = pipeline("busy-" + UUID.randomUUID(), destination(Map.of()));
    String run = Api.runNow(mover);
    patch(mover, Map.of("destination_id", destination(Map.of()), "reset_positions", true))
        .statusCode(409)
        .body("detail", containsString("Run " + run + " is active"));
  }

  @Test
  void aDestinationEditThatMovesTablesOfItsPipelineFollowsTheSameRules() throws Exception {
    String place = destination(Map.of());
    String user = pipeline("user-" + UUID.randomUUID(), place);
    loaded(user);
    String owner = "owner-" + UUID.randomUUID();
    String ownerPrefix = "o" + UUID.randomUUID().toString().substring(0, 8) + "_";
    pipeline(owner, destination(Map.of("table_prefix", ownerPrefix)));

    asAdmin()
        .body(Map.of("schema", "elsewhere"))
        .patch("/api/v1/destinations/" + place)
        .then()
        .statusCode(409)
        .body("field", equalTo("reset_positions"));
    asAdmin()
        .body(Map.of("table_prefix", ownerPrefix, "reset_positions", true))
        .patch("/api/v1/destinations/" + place)
        .then()
        .statusCode(409)
        .body("detail", containsString("Pipeline '" + owner + "'"));
    asAdmin().get("/api/v1/destinations/" + place).then().body("schema", equalTo("klaviyo"));

    asAdmin()
        .body(Map.of("schema", "elsewhere", "reset_positions", true))
        .patch("/api/v1/destinations/" + place)
        .then()
        .statusCode(200)
        .body("schema", equalTo("elsewhere"));
    asAdmin()
        .get("/api/v1/pipelines/" + user + "/objects")
        .then()
        .body("position", everyItem(nullValue()))
        .body("status", everyItem(equalTo("QUEUED")));
    // A rename moves nothing and needs no confirmation.
    asAdmin()
        .body(Map.of("name", "renamed-" + UUID.randomUUID()))
        .patch("/api/v1/destinations/" + place)
        .then()
        .statusCode(200);
  }
}
