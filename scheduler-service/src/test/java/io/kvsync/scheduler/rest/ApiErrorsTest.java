package io.kvsync.scheduler.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class ApiErrorsTest {

  @Test
  void aCallWithoutATokenGets401ProblemDetails() {
    given()
        .contentType(ContentType.JSON)
        .body(Api.destinationBody("no-token"))
        .post("/api/v1/destinations")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("status", equalTo(401))
        .body("title", equalTo("Unauthorized"));
  }

  @Test
  void aCallWithAWrongTokenGets401() {
    given()
        .header("Authorization", "Bearer not-the-token")
        .get("/api/v1/jobs/" + UUID.randomUUID())
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void anUnknownPipelineGets404ProblemDetails() {
    UUID id = UUID.randomUUID();
    Api.asAdmin()
        .post("/api/v1/pipelines/" + id + "/run-now")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body("detail", equalTo("No pipeline with id " + id));
    Api.asAdmin().get("/api/v1/pipelines/" + id).then().statusCode(404);
  }

  @Test
  void anUnknownJobGets404ProblemDetails() {
    UUID id = UUID.randomUUID();
    Api.asAdmin()
        .get("/api/v1/jobs/" + id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("No job with id " + id));
  }

  @Test
  void createdResourcesNeverShowTheirSecrets() {
    Api.asAdmin()
        .body(Api.destinationBody("dest-" + UUID.randomUUID()))
        .post("/api/v1/destinations")
        .then()
        .statusCode(201)
        .body("password", nullValue())
        .body(not(containsString("s3cret-db-password")));
    String pipelineId = Api.createPipeline(List.of("metric_v2"));
    Api.asAdmin()
        .get("/api/v1/pipelines/" + pipelineId)
        .then()
        .statusCode(200)
        .body("source.private_api_key", equalTo("pk_****cdef"))
        .body("status", equalTo("ACTIVE"))
        .body("frequency", equalTo("PT6H"))
        .body(not(containsString(Api.API_KEY)));
  }

  @Test
  void aFrequencyOfOneAndAHalfHoursIsRefusedWithTheRule() {
    var body =
        new java.util.HashMap<>(
            Api.pipelineBody(
                "p-" + UUID.randomUUID(), Api.createDestination(), List.of("metric_v2")));
    body.put("frequency", "PT1H30M");
    Api.asAdmin()
        .body(body)
        .post("/api/v1/pipelines")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("field", equalTo("frequency"))
        .body(
            "detail",
            equalTo(
                "frequency must be PT30M (30 minutes) or a whole number of hours from PT1H to"
                    + " PT24H; got PT1H30M"));
  }
}
