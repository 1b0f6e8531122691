package io.kvsync.scheduler.job;

import static io.kvsync.scheduler.support.Api.createPipeline;
import static io.kvsync.scheduler.support.Api.job;
import static io.kvsync.scheduler.support.Api.runNow;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.SyncKind;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.kvsync.scheduler.support.TestBus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class JobFlowTest {

  private static final SecretCipher CIPHER =
      SecretCipher.fromBase64Key("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

  static TestBus bus;

  @BeforeAll
  static void connect() throws Exception {
    bus = new TestBus();
  }

  @AfterAll
  static void disconnect() throws Exception {
    bus.close();
  }

  private static SyncCommand awaitCommand(String jobId) {
    return bus.awaitMessages(
            TestBus.COMMANDS_EXCHANGE,
            r -> r.as(SyncCommand.class).jobId().toString().equals(jobId),
            1)
        .get(0)
        .as(SyncCommand.class);
  }

  private static BatchLoaded loaded(SyncCommand command, int seq, long rows) {
    return new BatchLoaded(
        BatchLoaded.SCHEMA_VERSION,
        UUID.randomUUID(),
        command.commandId(),
        command.jobId(),
        command.pipelineId(),
        command.object(),
        command.attempt(),
        seq,
        rows,
        0,
        List.of(),
        List.of(),
        Instant.now(),
        null);
  }

  private static SliceExtracted extracted(
      SyncCommand command, SliceStatus status, int batches, long records, String error) {
    return new SliceExtracted(
        SliceExtracted.SCHEMA_VERSION,
        command.commandId(),
        command.jobId(),
        command.pipelineId(),
        command.object(),
        command.attempt(),
        status,
        batches,
        records,
        null,
        error);
  }

  @Test
  void runNowPublishesASealedFullCommandAndTheJobSucceedsOnceEveryBatchIsLoaded() throws Exception {
    String pipelineId = createPipeline(List.of("metric_v2"));
    String jobId = runNow(pipelineId);

    TestBus.Received received =
        bus.awaitMessages(
                TestBus.COMMANDS_EXCHANGE,
                r -> r.as(SyncCommand.class).jobId().toString().equals(jobId),
                1)
            .get(0);
    assertEquals("application/json", received.contentType());
    SyncCommand command = received.as(SyncCommand.class);
    assertEquals("metric_v2", command.object());
    assertEquals(SyncKind.FULL, command.kind());
    assertEquals(pipelineId, command.pipelineId().toString());
    assertEquals(1, command.attempt());
    assertNull(command.window());
    assertNotNull(command.syncStartedAt());
    assertEquals(1.0, command.rateShare());
    assertFalse(command.sourceCredential().contains(Api.API_KEY));
    assertEquals(Api.API_KEY, CIPHER.decrypt(command.sourceCredential()));
    DestinationSpec spec = DestinationSpec.unseal(command.destination(), CIPHER);
    assertEquals("s3cret-db-password", spec.password());
    assertEquals("klaviyo", spec.schema());
    assertFalse(new String(received.body()).contains("s3cret-db-password"));

    job(jobId).body("status", equalTo("RUNNING"));

    // Progress for a job nobody knows is acked and ignored, and does not block what follows.
    SyncCommand stranger =
        new SyncCommand(
            1,
            UUID.randomUUID(),
            UUID.randomUUID(),
            UUID.randomUUID(),
            "metric_v2",
            SyncKind.FULL,
            1,
            null,
            null,
            "x",
            "y",
            1.0,
            Instant.now(),
            60);
    bus.publishProgress(
        "extracted.metric_v2", extracted(stranger, SliceStatus.COMPLETED, 1, 1, null));

    // Loaders may report batches before the extractor reports the slice.
    bus.publishProgress("loaded.metric_v2", loaded(command, 0, 200));
    bus.publishProgress("loaded.metric_v2", loaded(command, 1, 50));
    job(jobId).body("status", equalTo("RUNNING"));
    bus.publishProgress(
        "extracted.metric_v2", extracted(command, SliceStatus.COMPLETED, 2, 250, null));

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("status", equalTo("SUCCEEDED")));
    job(jobId)
        .body("pipeline_id", equalTo(pipelineId))
        .body("trigger", equalTo("RUN_NOW"))
        .body("finished_at", org.hamcrest.Matchers.notNullValue())
        .body("objects[0].object", equalTo("metric_v2"))
        .body("objects[0].status", equalTo("SUCCEEDED"))
        .body("objects[0].slices_total", equalTo(1))
        .body("objects[0].slices_done", equalTo(1))
        .body("objects[0].records_extracted", equalTo(250))
        .body("objects[0].rows_loaded", equalTo(250));
  }

  @Test
  void aRedeliveredBatchReportIsCountedOnce() throws Exception {
    String jobId = runNow(createPipeline(List.of("metric_v2")));
    SyncCommand command = awaitCommand(jobId);
    BatchLoaded batch = loaded(command, 0, 30);
    bus.publishProgress("loaded.metric_v2", batch);
    bus.publishProgress("loaded.metric_v2", batch);
    bus.publishProgress(
        "extracted.metric_v2", extracted(command, SliceStatus.COMPLETED, 1, 30, null));

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("status", equalTo("SUCCEEDED")));
    job(jobId).body("objects[0].rows_loaded", equalTo(30));
  }

  @Test
  void aFailedSliceFailsTheJobWithTheExtractorsMessage() throws Exception {
    String jobId = runNow(createPipeline(List.of("metric_v2")));
    SyncCommand command = awaitCommand(jobId);
    String message = "Klaviyo refused the API key (401): check the private API key";
    bus.publishProgress(
        "extracted.metric_v2", extracted(command, SliceStatus.FAILED, 0, 0, message));

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> job(jobId).body("status", equalTo("FAILED")));
    job(jobId)
        .body("objects[0].status", equalTo("FAILED"))
        .body("objects[0].error", equalTo(message))
        .body("error", org.hamcrest.Matchers.containsString(message));
  }

  @Test
  void runNowWhileARunIsActiveReturnsThatJob() {
    String pipelineId = createPipeline(List.of("metric_v2"));
    String first = runNow(pipelineId);
    Api.asAdmin()
        .post("/api/v1/pipelines/" + pipelineId + "/run-now")
        .then()
        .statusCode(202)
        .body("job_id", equalTo(first))
        .body("status", equalTo("RUNNING"));
  }
}
