package io.kvsync.scheduler;

import static io.kvsync.scheduler.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.SyncCommand;
import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.kvsync.scheduler.support.Reports;
import io.kvsync.scheduler.support.TestBus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** A full run, every API answer and the whole log: no Klaviyo key or password in clear. */
@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class SecretsNeverLeakTest {

  private static final String PASSWORD = "s3cret-db-password";

  /** The management interface's root: {@code http://host:port/q}. */
  @TestHTTPResource(value = "/openapi", management = true)
  URL openApi;

  @Test
  void noKeyOrPasswordAppearsInAnyAnswerLogLineOrMessage() throws Exception {
    List<String> answers = new ArrayList<>();
    try (TestBus bus = new TestBus()) {
      String destination =
          asAdmin()
              .body(Api.destinationBody("leak-" + UUID.randomUUID()))
              .post("/api/v1/destinations")
              .asString();
      answers.add(destination);
      String destinationId = io.restassured.path.json.JsonPath.from(destination).getString("id");
      answers.add(
          asAdmin()
              .body(Api.destinationBody("leak-" + UUID.randomUUID()))
              .post("/api/v1/destinations/test")
              .asString());
      answers.add(
          asAdmin()
              .body(Map.of("private_api_key", Api.API_KEY))
              .post("/api/v1/pipelines/test-connection")
              .asString());
      Map<String, Object> refusedKey =
          new HashMap<>(
              Api.pipelineBody("leak-" + UUID.randomUUID(), destinationId, List.of("metric_v2")));
      refusedKey.put(
          "source", Map.of("type", "klaviyo_v2", "private_api_key", "pk_unknown_secret_key_99"));
      answers.add(asAdmin().body(refusedKey).post("/api/v1/pipelines").asString());
      String pipeline =
          asAdmin()
              .body(
                  Api.pipelineBody(
                      "leak-" + UUID.randomUUID(), destinationId, List.of("metric_v2")))
              .post("/api/v1/pipelines")
              .asString();
      answers.add(pipeline);
      String pipelineId = io.restassured.path.json.JsonPath.from(pipeline).getString("id");
      String jobId = Api.runNow(pipelineId);
      SyncCommand command =
          bus.awaitMessages(
                  TestBus.COMMANDS_EXCHANGE,
                  r -> r.as(SyncCommand.class).jobId().toString().equals(jobId),
                  1)
              .get(0)
              .as(SyncCommand.class);
      Reports.complete(bus, command, 3);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> Api.job(jobId).body("status", Matchers.equalTo("SUCCEEDED")));
      for (String path :
          List.of(
              "/api/v1/pipelines",
              "/api/v1/pipelines/" + pipelineId,
              "/api/v1/pipelines/" + pipelineId + "/objects",
              "/api/v1/pipelines/" + pipelineId + "/jobs",
              "/api/v1/jobs/" + jobId,
              "/api/v1/destinations",
              "/api/v1/destinations/" + destinationId,
              "/api/v1/activity-log",
              "/api/v1/tokens")) {
        answers.add(asAdmin().get(path).asString());
      }
      answers.add(given().get(openApi).then().statusCode(200).extract().asString());
      for (TestBus.Received message : bus.messages(TestBus.COMMANDS_EXCHANGE, r -> true)) {
        answers.add(new String(message.body()));
      }
    }
    for (String answer : answers) {
      assertFalse(answer.contains(Api.API_KEY), answer);
      assertFalse(answer.contains("pk_unknown_secret_key_99"), answer);
      assertFalse(answer.contains(PASSWORD), answer);
    }
    Path log = Path.of("target/scheduler-test.log");
    assertTrue(Files.exists(log), "the test profile logs to " + log);
    List<String> lines = Files.readAllLines(log);
    assertTrue(lines.size() > 10, "the log holds the run");
    for (String line : lines) {
      assertFalse(line.contains(Api.API_KEY), line);
      assertFalse(line.contains("pk_unknown_secret_key_99"), line);
      assertFalse(line.contains(PASSWORD), line);
    }
  }
}
