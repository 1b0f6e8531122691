package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.emulator.auth.ApiKey;
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
 * Master key rotation as an operator does it: secrets sealed with key 1; every service gets the
 * ring "k2,k1"; a reseal; key 1 leaves the ring; every pipeline still runs.
 */
@ExtendWith(WholeSystem.class)
class KeyRotationTest {

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

  @Test
  void secretsSealedWithARetiredKeyStillOpenAfterResealWhenTheKeyLeavesTheRing(RunningSystem system)
      throws Exception {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    ControlApi api = system.api();
    String oldRing = system.masterKeys();
    String oldKeyId = oldRing.split(":", 2)[0];
    List<String> pipelines = new ArrayList<>();
    List<String> destinations = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String apiKey = "pk_rotate_" + i + "_" + suffix;
      system.klaviyo().admin().addKey(ApiKey.withAllReadScopes(apiKey));
      Map<String, Object> destination =
          system.destinationRequest("rotate " + i + " " + suffix, "rot" + i + "_" + suffix);
      // The local database trusts its clients: the password only has to be sealed and travel.
      destination.put("password", "pw-" + suffix);
      String destinationId =
          api.postExpecting("/api/v1/destinations", destination, 201).get("id").asText();
      destinations.add(destinationId);
      pipelines.add(
          api.postExpecting(
                  "/api/v1/pipelines",
                  MetricReplicationTest.pipelineRequest(
                      "rotate " + i + " " + suffix, destinationId, apiKey),
                  201)
              .get("id")
              .asText());
    }
    everyPipelineRuns(api, pipelines);
    assertSealedWith(system, oldKeyId, pipelines, destinations);

    String newRing = "k2:" + RunningSystem.newMasterKey();
    system.rotateMasterKeys(newRing + "," + oldRing);
    // Until the reseal, what key 1 sealed still opens: the pipelines run on the rotated ring.
    everyPipelineRuns(api, pipelines);

    JsonNode resealed = api.postExpecting("/api/v1/admin/reseal", null, 200);
    assertEquals("k2", resealed.get("key_id").asText(), resealed.toString());
    assertTrue(resealed.get("resealed").asInt() >= 4, resealed.toString());
    for (JsonNode unopenable : resealed.get("unopenable_ids")) {
      for (String id : pipelines) {
        assertTrue(!unopenable.asText().contains(id), resealed.toString());
      }
    }
    assertSealedWith(system, "k2", pipelines, destinations);
    assertEquals(
        0,
        api.postExpecting("/api/v1/admin/reseal", null, 200).get("resealed").asInt(),
        "a second reseal finds nothing sealed with the old key");

    system.rotateMasterKeys(newRing);
    everyPipelineRuns(api, pipelines);
  }

  private static void everyPipelineRuns(ControlApi api, List<String> pipelines) throws Exception {
    for (String pipeline : pipelines) {
      api.awaitIdle(pipeline, JOB_TIMEOUT);
      JsonNode accepted =
          api.postExpecting("/api/v1/pipelines/" + pipeline + "/run-now", null, 202);
      JsonNode job = api.awaitJob(accepted.get("job_id").asText(), JOB_TIMEOUT);
      assertEquals("SUCCEEDED", job.get("status").asText(), job.toString());
    }
  }

  /** Every sealed value of these rows carries the key id. */
  private static void assertSealedWith(
      RunningSystem system, String keyId, List<String> pipelines, List<String> destinations)
      throws Exception {
    try (Connection control = system.controlDatabase();
        Statement statement = control.createStatement()) {
      for (String query :
          List.of(
              "SELECT api_key_sealed FROM pipelines WHERE id IN (" + quoted(pipelines) + ")",
              "SELECT password_sealed FROM destinations WHERE id IN ("
                  + quoted(destinations)
                  + ")")) {
        int rows = 0;
        try (ResultSet sealed = statement.executeQuery(query)) {
          while (sealed.next()) {
            rows++;
            assertTrue(
                sealed.getString(1).startsWith("v2." + keyId + "."),
                "sealed with " + keyId + ": " + query);
          }
        }
        assertEquals(2, rows, query);
      }
    }
  }

  private static String quoted(List<String> ids) {
    return String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
  }
}
