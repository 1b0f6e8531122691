package io.kvsync.scheduler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.kvsync.scheduler.support.ControlPlaneServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class ObservabilityTest {

  /** The management interface: metrics, health and OpenAPI live there and nowhere else. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  @TestHTTPResource("/")
  URL api;

  /** Where the management interface listens, without its root path: {@code http://host:port}. */
  private String managementPort() {
    return management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
  }

  @Test
  void theServiceDescribesItsApiAsOpenApi() {
    given()
        .baseUri(managementPort())
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
        .baseUri(managementPort())
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
    given()
        .baseUri(managementPort())
        .get("/q/health")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"));
  }

  /** Nothing but the API on the API port: no token-less door to pipeline names or the schema. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "q/metrics",
        "q/health",
        "q/health/ready",
        "q/health/live",
        "q/openapi",
        "q/openapi?format=json"
      })
  void theApiPortDoesNotServeTheManagementEndpoints(String path) {
    assertNotEquals(api.getPort(), management.getPort(), "two separate ports");
    given().baseUri(api.toString()).get("/" + path).then().statusCode(404);
  }
}
