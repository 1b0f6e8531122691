package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** REST → scheduler → RabbitMQ → extractor → Klaviyo → RabbitMQ → loader → PostgreSQL. */
@ExtendWith(WholeSystem.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricReplicationTest {

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

  private RunningSystem system;
  private ControlApi api;
  private String schema;
  private String pipelineId;

  @BeforeAll
  void createPipeline(RunningSystem system) throws Exception {
    this.system = system;
    this.api = system.api();
    this.schema = "metrics_" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode destination =
        api.postExpecting(
            "/api/v1/destinations", system.destinationRequest("dest " + schema, schema), 201);
    pipelineId =
        api.postExpecting(
                "/api/v1/pipelines",
                pipelineRequest(
                    "metrics " + schema,
                    destination.get("id").asText(),
                    system.klaviyo().demoKey()),
                201)
            .get("id")
            .asText();
  }

  static Map<String, Object> pipelineRequest(String name, String destinationId, String key) {
    return Map.of(
        "name",
        name,
        "destination_id",
        destinationId,
        "source",
        Map.of("type", "klaviyo_v2", "private_api_key", key, "historical_sync_duration", "P3M"),
        "frequency",
        "PT6H",
        "objects",
        List.of("metric_v2"));
  }

  private JsonNode runToCompletion(String pipeline) throws Exception {
    JsonNode accepted = api.postExpecting("/api/v1/pipelines/" + pipeline + "/run-now", null, 202);
    return api.awaitJob(accepted.get("job_id").asText(), JOB_TIMEOUT);
  }

  /** id → name of every replicated metric; fails on a duplicate id. */
  private Map<String, String> replicatedMetrics() throws Exception {
    Map<String, String> rows = new TreeMap<>();
    try (Connection db = system.destination();
        Statement query = db.createStatement();
        ResultSet rs = query.executeQuery("SELECT id, name FROM \"" + schema + "\".metric_v2")) {
      while (rs.next()) {
        String previous = rows.put(rs.getString("id"), rs.getString("name"));
        assertEquals(null, previous, "duplicate row for " + rs.getString("id"));
      }
    }
    return rows;
  }

  private Map<String, String> emulatorMetrics() {
    Map<String, String> truth = new TreeMap<>();
    for (Map<String, Object> row : system.klaviyo().admin().truth("metric_v2")) {
      truth.put((String) row.get("id"), (String) row.get("name"));
    }
    return truth;
  }

  @Test
  void replicatesEveryMetricAndARerunAddsNoDuplicates() throws Exception {
    Map<String, String> truth = emulatorMetrics();
    assertTrue(truth.size() > 400, "the emulator serves several pages of metrics");

    JsonNode job = runToCompletion(pipelineId);
    assertEquals("SUCCEEDED", job.get("status").asText(), job.toString());
    JsonNode metrics = job.get("objects").get(0);
    assertEquals("metric_v2", metrics.get("object").asText());
    assertEquals(truth.size(), metrics.get("records_extracted").asLong(), job.toString());
    assertEquals(truth.size(), metrics.get("rows_loaded").asLong(), job.toString());
    assertEquals(truth, replicatedMetrics());

    JsonNode second = runToCompletion(pipelineId);
    assertEquals("SUCCEEDED", second.get("status").asText(), second.toString());
    assertEquals(truth, replicatedMetrics());
  }

  @Test
  void aKeyKlaviyoRefusesFailsTheJobWithAMessageNamingTheKey() throws Exception {
    String revokedKey = "pk_revoked_" + UUID.randomUUID().toString().substring(0, 8);
    system.klaviyo().admin().addKey(io.kvsync.emulator.auth.ApiKey.withAllReadScopes(revokedKey));
    JsonNode destination =
        api.postExpecting(
            "/api/v1/destinations",
            // Tables of their own: one pipeline owns each schema's tables.
            system.destinationRequest("dest revoked " + schema, schema + "_revoked"),
            201);
    String pipeline =
        api.postExpecting(
                "/api/v1/pipelines",
                pipelineRequest("revoked " + schema, destination.get("id").asText(), revokedKey),
                201)
            .get("id")
            .asText();
    system.klaviyo().admin().revokeKey(revokedKey);

    JsonNode job = runToCompletion(pipeline);

    assertEquals("FAILED", job.get("status").asText(), job.toString());
    String error = job.get("objects").get(0).get("error").asText();
    assertTrue(error.contains("401") && error.toLowerCase().contains("key"), error);
    assertTrue(!error.contains(revokedKey), "the key itself is never shown: " + error);
  }

  @Test
  void anUnknownPipelineIsNotFound() throws Exception {
    ControlApi.Answer answer =
        api.post("/api/v1/pipelines/" + UUID.randomUUID() + "/run-now", null);
    assertEquals(404, answer.status());
    assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
  }

  @Test
  void aCallWithoutATokenIsUnauthorized() throws Exception {
    ControlApi.Answer answer = api.withToken(null).get("/api/v1/jobs/" + UUID.randomUUID());
    assertEquals(401, answer.status());
  }
}
