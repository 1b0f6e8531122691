package io.kvsync.scheduler.job;

import static io.kvsync.scheduler.support.Api.asAdmin;
import static io.kvsync.scheduler.support.Api.createPipeline;
import static io.kvsync.scheduler.support.Api.runNow;
import static io.kvsync.scheduler.support.ControlPlaneServices.CIPHER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.RateTier;
import io.kvsync.common.contract.RateShares;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlDatabase;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.kvsync.scheduler.support.TestBus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One Klaviyo key's budget shared by every read in flight on it, across pipelines and jobs. */
@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class KeyRateSharesTest {

  private static final String KEY = Api.KEYS_OF_THEIR_OWN.get(2);
  private static final RateTier EVENTS = ObjectCatalogue.get("event_v2").plan().tier();

  static TestBus bus;

  @Inject KeyRateShares shares;

  @BeforeAll
  static void connect() throws Exception {
    bus = new TestBus();
  }

  @AfterAll
  static void disconnect() throws Exception {
    bus.close();
  }

  private static void awaitShareAnnounced(String fingerprint, double share) {
    bus.awaitMessages(
        TestBus.CONTROL_EXCHANGE,
        r ->
            RateShares.announcedBy(r.body())
                .filter(announced -> announced.keyFingerprint().equals(fingerprint))
                .filter(announced -> announced.shares().get(EVENTS) == share)
                .isPresent(),
        1);
  }

  @Test
  void twoPipelinesOnOneKeyShareItsBudgetAndTheEarlierReadsShrinkThenGrowBack() throws Throwable {
    String first = createPipeline(List.of("event_v2"), KEY);
    String second = createPipeline(List.of("event_v2"), KEY);
    String fingerprint = CIPHER.fingerprint(KEY);

    String firstJob = runNow(first);
    for (SyncCommand command : bus.awaitCommands(firstJob, 8)) {
      assertEquals(1.0 / 8, command.rateShare(), 1e-9);
    }
    awaitShareAnnounced(fingerprint, 1.0 / 8);

    String secondJob = runNow(second);
    for (SyncCommand command : bus.awaitCommands(secondJob, 8)) {
      assertEquals(1.0 / 16, command.rateShare(), 1e-9, "16 reads in flight on one key");
    }
    awaitShareAnnounced(fingerprint, 1.0 / 16);

    asAdmin().post("/api/v1/jobs/" + firstJob + "/cancel").then().statusCode(200);
    VertxContextSupport.subscribeAndAwait(() -> shares.refresh());
    awaitShareAnnounced(fingerprint, 1.0 / 8);

    asAdmin().post("/api/v1/jobs/" + secondJob + "/cancel").then().statusCode(200);
    VertxContextSupport.subscribeAndAwait(() -> shares.refresh());
    awaitShareAnnounced(fingerprint, 1.0);
  }

  @Test
  void aPipelineKeepsItsKeysFingerprintNeverTheKey() throws Exception {
    String pipelineId = createPipeline(List.of("metric_v2"), KEY);
    ControlDatabase.execute(
        "UPDATE pipelines SET api_key_fingerprint = NULL WHERE id = '" + pipelineId + "'");

    String jobId = runNow(pipelineId);
    bus.awaitCommands(jobId, 1);

    String stored =
        ControlDatabase.queryText(
            "SELECT api_key_fingerprint FROM pipelines WHERE id = '" + pipelineId + "'");
    assertEquals(CIPHER.fingerprint(KEY), stored);
    assertFalse(stored.contains(KEY.substring(8)));
    asAdmin().post("/api/v1/jobs/" + jobId + "/cancel").then().statusCode(200);
  }
}
