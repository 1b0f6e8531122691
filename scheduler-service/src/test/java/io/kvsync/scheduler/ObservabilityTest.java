package io.kvsync.scheduler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.kvsync.scheduler.support.ControlPlaneServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class ObservabilityTest {

  @Test
  void theServiceDescribesItsApiAsOpenApi() {
    given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body(containsString("/api/v1/pipelines/{id}/run-now"))
        .body(containsString("/api/v1/pipelines/{id}/objects/{object}/position"))
        .body(containsString("/api/v1/tokens"));
  }

  @Test
  void theSchedulerSeriesAreExportedFromTheStart() {
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("kvsync_jobs_finished_total{status=\"SUCCEEDED\"}"))
        .body(containsString("kvsync_jobs_finished_total{status=\"FAILED\"}"))
        .body(containsString("kvsync_job_duration_seconds_bucket"))
        .body(containsString("kvsync_slices_in_flight"))
        .body(containsString("kvsync_queue_messages{queue=\"it-scheduler.scheduler.progress\"}"))
        .body(containsString("kvsync_queue_consumers{queue=\"it-scheduler.scheduler.progress\"}"));
  }

  @Test
  void healthIncludesTheBrokerAndTheDatabase() {
    given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
  }
}
