package io.kvsync.scheduler.secret;

import static io.kvsync.scheduler.support.Api.asAdmin;
import static io.kvsync.scheduler.support.ControlPlaneServices.CIPHER;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.secret.SealedPlace;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlDatabase;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /admin/reseal}: every secret at rest ends up sealed with the newest key. */
@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class ResealTest {

  /** The second key of the tests' ring, no longer the newest. */
  private static final SecretCipher RETIRED =
      SecretCipher.fromRing("retired:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=");

  @Test
  void valuesSealedWithAnOlderKeyAreResealedWithTheNewestAndStillOpen() throws Exception {
    String pipelineId = Api.createPipeline(List.of("metric_v2"));
    String destinationId = destinationOf(pipelineId);
    ControlDatabase.execute(
        "UPDATE pipelines SET api_key_sealed = '"
            + RETIRED.encrypt(Api.API_KEY, SealedPlace.pipelineApiKey(UUID.fromString(pipelineId)))
            + "', api_key_fingerprint = NULL WHERE id = '"
            + pipelineId
            + "'");
    ControlDatabase.execute(
        "UPDATE destinations SET password_sealed = '"
            + RETIRED.encrypt(
                "s3cret-db-password",
                SealedPlace.destinationPassword(UUID.fromString(destinationId)))
            + "' WHERE id = '"
            + destinationId
            + "'");

    String body =
        asAdmin()
            .post("/api/v1/admin/reseal")
            .then()
            .statusCode(200)
            .body("key_id", equalTo("test"))
            .extract()
            .asString();
    assertTrue(!body.contains("s3cret") && !body.contains(Api.API_KEY), body);
    assertTrue(
        asAdmin().post("/api/v1/admin/reseal").then().extract().<Integer>path("resealed") == 0,
        "a second reseal finds nothing left to do");

    String apiKey = sealedColumn("pipelines", "api_key_sealed", pipelineId);
    assertTrue(apiKey.startsWith("v2.test."), apiKey);
    assertEquals(
        Api.API_KEY,
        CIPHER.decrypt(apiKey, SealedPlace.pipelineApiKey(UUID.fromString(pipelineId))));
    assertEquals(
        CIPHER.fingerprint(Api.API_KEY),
        sealedColumn("pipelines", "api_key_fingerprint", pipelineId));
    String password = sealedColumn("destinations", "password_sealed", destinationId);
    assertTrue(password.startsWith("v2.test."), password);
    assertEquals(
        "s3cret-db-password",
        CIPHER.decrypt(password, SealedPlace.destinationPassword(UUID.fromString(destinationId))));
    asAdmin()
        .get("/api/v1/activity-log")
        .then()
        .body("action", hasItem("secrets.resealed"))
        .body("find { it.action == 'secrets.resealed' }.actor", equalTo("configured-admin-token"));
  }

  @Test
  void aValueCopiedFromAnotherRowDoesNotOpenAndIsReportedNotDropped() throws Exception {
    String pipelineId = Api.createPipeline(List.of("metric_v2"));
    String otherId = Api.createPipeline(List.of("metric_v2"));
    ControlDatabase.execute(
        "UPDATE pipelines SET api_key_sealed = (SELECT api_key_sealed FROM pipelines WHERE id = '"
            + otherId
            + "') WHERE id = '"
            + pipelineId
            + "'");
    String copied = sealedColumn("pipelines", "api_key_sealed", pipelineId);

    asAdmin()
        .post("/api/v1/admin/reseal")
        .then()
        .statusCode(200)
        .body("unopenable_ids", hasItem("pipelines/" + pipelineId + "/api_key_sealed"))
        .body("unopenable_ids", not(hasItem("pipelines/" + otherId + "/api_key_sealed")));
    assertEquals(copied, sealedColumn("pipelines", "api_key_sealed", pipelineId));
    // Its key opens nowhere: the pipeline goes, so no later test's tick meets it.
    asAdmin().delete("/api/v1/pipelines/" + pipelineId).then().statusCode(204);
  }

  private static String destinationOf(String pipelineId) throws Exception {
    return ControlDatabase.queryText(
        "SELECT destination_id FROM pipelines WHERE id = '" + pipelineId + "'");
  }

  private static String sealedColumn(String table, String column, String id) throws Exception {
    return ControlDatabase.queryText(
        "SELECT " + column + " FROM " + table + " WHERE id = '" + id + "'");
  }
}
