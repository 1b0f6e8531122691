package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kvsync.emulator.auth.ApiKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Klaviyo key and a database password given to the product appear nowhere in clear: not in any
 * API answer, not in any service's log of a whole run, not in the control database.
 */
@ExtendWith(WholeSystem.class)
class SecretsStayHiddenTest {

  @Test
  void keysAndPasswordsNeverShowInAnswersLogsOrTheControlDatabase(RunningSystem system)
      throws Exception {
    String suffix = UUID.randomUUID().toString().replace("-", "");
    String apiKey = "pk_secret_" + suffix;
    // The local database trusts its clients, so any password connects: this one only has to travel.
    String password = "pw-" + suffix;
    system.klaviyo().admin().addKey(ApiKey.withAllReadScopes(apiKey));
    ControlApi api = system.api();
    List<String> answers = new ArrayList<>();

    Map<String, Object> destination =
        system.destinationRequest("secret dest " + suffix, "s_" + suffix.substring(0, 8));
    destination.put("password", password);
    answers.add(api.postExpecting("/api/v1/destinations/test", destination, 200).toString());
    String destinationId =
        record(answers, api.postExpecting("/api/v1/destinations", destination, 201))
            .get("id")
            .asText();
    answers.add(
        api.postExpecting(
                "/api/v1/pipelines/test-connection", Map.of("private_api_key", apiKey), 200)
            .toString());
    String pipelineId =
        record(
                answers,
                api.postExpecting(
                    "/api/v1/pipelines",
                    MetricReplicationTest.pipelineRequest(
                        "secret " + suffix, destinationId, apiKey),
                    201))
            .get("id")
            .asText();
    String jobId =
        record(
                answers,
                api.postExpecting("/api/v1/pipelines/" + pipelineId + "/run-now", null, 202))
            .get("job_id")
            .asText();
    assertEquals("SUCCEEDED", api.awaitJob(jobId, Duration.ofMinutes(2)).get("status").asText());
    for (String path :
        List.of(
            "/api/v1/destinations",
            "/api/v1/destinations/" + destinationId,
            "/api/v1/pipelines",
            "/api/v1/pipelines/" + pipelineId,
            "/api/v1/pipelines/" + pipelineId + "/objects",
            "/api/v1/pipelines/" + pipelineId + "/jobs",
            "/api/v1/jobs/" + jobId,
            "/api/v1/activity-log")) {
      ControlApi.Answer answer = api.get(path);
      assertEquals(200, answer.status(), path);
      answers.add(path + " " + answer.body());
    }

    for (String answer : answers) {
      assertFalse(
          answer.contains(apiKey) || answer.contains(password),
          "an answer shows a secret: " + answer);
    }
    for (Path log : system.logFiles()) {
      String text = Files.readString(log);
      assertFalse(text.contains(apiKey), log + " shows the Klaviyo key");
      assertFalse(text.contains(password), log + " shows the database password");
    }
    for (String row : controlDatabaseRows(system)) {
      assertFalse(row.contains(apiKey) || row.contains(password), "stored in clear: " + row);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode record(
      List<String> answers, com.fasterxml.jackson.databind.JsonNode answer) {
    answers.add(answer.toString());
    return answer;
  }

  /** Every row of every table of the control database, as text. */
  private static List<String> controlDatabaseRows(RunningSystem system) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection db = system.controlDatabase();
        Statement query = db.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          query.executeQuery(
              "SELECT table_schema, table_name FROM information_schema.tables"
                  + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                  + " AND table_type = 'BASE TABLE'")) {
        while (rs.next()) {
          tables.add("\"" + rs.getString(1) + "\".\"" + rs.getString(2) + "\"");
        }
      }
      assertFalse(tables.isEmpty(), "the control database has tables");
      for (String table : tables) {
        try (ResultSet rs = query.executeQuery("SELECT t::text FROM " + table + " t")) {
          while (rs.next()) {
            rows.add(table + " " + rs.getString(1));
          }
        }
      }
    }
    return rows;
  }
}
