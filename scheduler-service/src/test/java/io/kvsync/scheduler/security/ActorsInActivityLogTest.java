package io.kvsync.scheduler.security;

import static io.kvsync.scheduler.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Calls that change something are in the activity log under the name of the token that made them.
 */
@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class ActorsInActivityLogTest {

  @Test
  void runNowAndCancelAreLoggedWithTheirActor() {
    String name = "operator " + UUID.randomUUID();
    String secret =
        asAdmin()
            .body(Map.of("name", name, "role", "PIPELINE_COLLABORATOR"))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    String pipelineId = Api.createPipeline(List.of("metric_v2"));
    RequestSpecification operator =
        given().header("Authorization", "Bearer " + secret).contentType(ContentType.JSON);

    String jobId =
        operator
            .post("/api/v1/pipelines/" + pipelineId + "/run-now")
            .then()
            .statusCode(202)
            .extract()
            .path("job_id");
    given()
        .header("Authorization", "Bearer " + secret)
        .post("/api/v1/jobs/" + jobId + "/cancel")
        .then()
        .statusCode(200);

    for (String action : List.of("job.run_requested", "job.cancelled")) {
      asAdmin()
          .get("/api/v1/activity-log?pipeline_id=" + pipelineId)
          .then()
          .statusCode(200)
          .body("find { it.action == '" + action + "' }.actor", equalTo(name))
          .body("find { it.action == '" + action + "' }.detail", equalTo("job " + jobId));
    }
  }
}
