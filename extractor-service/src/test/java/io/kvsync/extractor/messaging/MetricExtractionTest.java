package io.kvsync.extractor.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.extractor.testing.BrokerResource;
import io.kvsync.extractor.testing.BusProbe;
import io.kvsync.extractor.testing.Commands;
import io.kvsync.extractor.testing.EmulatorAdminClient;
import io.kvsync.extractor.testing.EmulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(BrokerResource.class)
@QuarkusTestResource(EmulatorResource.class)
class MetricExtractionTest {

  private static final String DEMO_KEY = "pk_emulator_demo_key_0001";

  @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
  java.net.URL metricsUrl;

  private BusProbe bus;

  @BeforeEach
  void openProbe() throws Exception {
    bus = new BusProbe();
  }

  @AfterEach
  void closeProbe() throws Exception {
    bus.close();
  }

  @Test
  void everyMetricArrivesExactlyOnceAcrossPagesAndTheCountsMatch() throws Exception {
    Instant before = Instant.now();
    SyncCommand command = Commands.full("metric_v2", DEMO_KEY);
    bus.send(command);

    SliceExtracted outcome = bus.awaitOutcome(command.commandId(), Duration.ofSeconds(60));
    assertEquals(SliceStatus.COMPLETED, outcome.status(), outcome.error());
    assertEquals("extracted.metric_v2", bus.outcomeRoutingKey(command.commandId()));

    List<RecordBatch> batches = bus.batchesOf(command.commandId());
    List<JsonNode> truth = EmulatorAdminClient.ofTestEmulator().truth("metric_v2");
    assertTrue(batches.size() >= 3, "the emulator's metrics span several pages: " + batches.size());
    assertEquals(batches.size(), outcome.batches());
    assertEquals(truth.size(), outcome.records());
    assertEquals(
        IntStream.range(0, batches.size()).boxed().toList(),
        batches.stream().map(RecordBatch::seq).sorted().toList(),
        "one batch per page, numbered 0..n-1");

    Map<String, String> namesById = new HashMap<>();
    for (RecordBatch batch : batches) {
      assertEquals("metric_v2", batch.object());
      assertEquals(command.destination(), batch.destination());
      assertEquals(command.jobId(), batch.jobId());
      assertTrue(!batch.extractedAt().isBefore(before), "extractedAt is the read time");
      for (ObjectNode record : batch.records()) {
        assertEquals("metric", record.path("type").asText());
        String previous =
            namesById.put(
                record.path("id").asText(), record.path("attributes").path("name").asText(null));
        assertNull(previous, "metric " + record.path("id").asText() + " arrived twice");
      }
    }
    Map<String, String> expected = new HashMap<>();
    truth.forEach(row -> expected.put(row.path("id").asText(), row.path("name").asText(null)));
    assertEquals(expected, namesById);
  }

  @Test
  void theDashboardSeriesExistFromStartup() throws Exception {
    String metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(metricsUrl.toURI()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    for (String series :
        List.of(
            "kvsync_klaviyo_requests_total{status=\"429\",tier=\"xl\"}",
            "kvsync_klaviyo_throttled_total{tier=\"s\"}",
            "kvsync_klaviyo_rate_limit_wait_seconds_total{tier=\"m\"}",
            "kvsync_records_extracted_total{object=\"campaign_message_send_time_v2\"}",
            "kvsync_batches_published_total{object=\"event_v2\"}",
            "kvsync_slice_duration_seconds_count{object=\"flow_v2\",status=\"DEFERRED\"}",
            "kvsync_slice_duration_seconds_bucket{")) {
      assertTrue(metrics.contains(series), series + " is not exported");
    }
  }

  @Test
  void anInvalidKeyEndsFailedFastNamingTheKeyProblem() throws Exception {
    SyncCommand command = Commands.full("metric_v2", "pk_not_a_key_klaviyo_knows_0000");
    long started = System.nanoTime();
    bus.send(command);

    SliceExtracted outcome = bus.awaitOutcome(command.commandId(), Duration.ofSeconds(30));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(SliceStatus.FAILED, outcome.status());
    assertNotNull(outcome.error());
    assertTrue(outcome.error().contains("401"), outcome.error());
    assertTrue(outcome.error().contains("API key is invalid or revoked"), outcome.error());
    assertTrue(!outcome.error().contains("pk_not_a_key"), "the key itself is never echoed");
    assertEquals(0, outcome.batches());
    assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "no retries: took " + took);
    assertTrue(bus.batchesOf(command.commandId()).isEmpty());
  }

  @Test
  void aKeyWithoutTheMetricsScopeEndsFailedNamingTheScope() throws Exception {
    SyncCommand command = Commands.full("metric_v2", "pk_emulator_lacks_metrics_read");
    bus.send(command);

    SliceExtracted outcome = bus.awaitOutcome(command.commandId(), Duration.ofSeconds(30));
    assertEquals(SliceStatus.FAILED, outcome.status());
    assertTrue(outcome.error().contains("403"), outcome.error());
    assertTrue(outcome.error().contains("metrics:read"), outcome.error());
  }
}
