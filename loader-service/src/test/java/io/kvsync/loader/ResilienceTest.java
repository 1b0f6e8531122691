package io.kvsync.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.RecordFailure;
import io.kvsync.common.contract.Refusal;
import io.kvsync.common.testing.ExternalServicesResource;
import io.kvsync.loader.destination.DestinationPools;
import io.kvsync.loader.messaging.Settlement;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = ExternalServicesResource.class,
    initArgs = @ResourceArg(name = "database", value = TestDestination.DATABASE))
class ResilienceTest extends BusTest {

  private static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");

  @Inject DestinationPools pools;

  @TestHTTPResource(value = "/metrics", management = true)
  URL metrics;

  @Test
  void failedRecordsAreReportedAndDoNotBlockTheirBatch() throws Exception {
    RecordBatch batch =
        Batches.batch(
            "metric_v2",
            destination.sealed(),
            T1,
            List.of(
                Batches.resource("metric", "ok-1", "{\"name\":\"fine\"}"),
                Batches.json("{\"type\":\"metric\",\"attributes\":{\"name\":\"no id\"}}"),
                Batches.resource("metric", "huge", "{\"name\":\"" + "x".repeat(30_000) + "\"}"),
                // Beyond numeric's 131072 digits: a value the destination refuses.
                Batches.resource("metric", "overflow", "{\"name\":\"vast\",\"size\":1e200000}"),
                Batches.resource("metric", "ok-2", "{\"name\":\"also fine\"}")));

    bus.publish("load", batch);
    BatchLoaded loaded = bus.awaitLoaded(batch.batchId(), WAIT);

    assertEquals(2, loaded.rowsUpserted());
    Map<String, String> reasons =
        loaded.failures().stream()
            .collect(Collectors.toMap(f -> String.valueOf(f.recordId()), RecordFailure::reason));
    assertEquals(3, reasons.size(), reasons.toString());
    assertTrue(reasons.get("null").contains("no value for its key [id]"), reasons.toString());
    assertTrue(
        reasons.get("huge").contains("exceeds the limit of 20000 bytes"), reasons.toString());
    assertTrue(
        reasons.get("overflow").startsWith("refused by the destination"), reasons.toString());
    assertTrue(
        loaded.failures().stream()
            .allMatch(
                f -> f.payload() == null || f.payload().length() <= RecordFailure.PAYLOAD_CAP));
    assertEquals(
        List.of("ok-1", "ok-2"),
        destination.rows("SELECT id FROM {schema}.metric_v2 ORDER BY id").stream()
            .map(r -> r.get("id"))
            .toList());
  }

  @Test
  void destinationPoolIsClosedOnceIdle() throws Exception {
    RecordBatch batch =
        Batches.batch(
            "metric_v2",
            destination.sealed(),
            T1,
            List.of(Batches.resource("metric", "p", "{\"name\":\"pooled\"}")));
    bus.publish("load", batch);
    bus.awaitLoaded(batch.batchId(), WAIT);

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (pools.openPools() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertEquals(0, pools.openPools(), "pools idle longer than kvsync.pools.idle-timeout close");
  }

  @Test
  void batchOfAnUnknownObjectIsReportedAsRefused() throws Exception {
    RecordBatch batch =
        Batches.batch(
            "no_such_v2",
            destination.sealed(),
            T1,
            List.of(Batches.resource("thing", "t", "{\"name\":\"x\"}")));
    bus.publish("load", batch);
    BatchLoaded refused = bus.awaitLoaded(batch.batchId(), WAIT);
    assertEquals(0, refused.rowsUpserted());
    assertEquals(Refusal.PERMANENT, refused.refusal());
    assertEquals("The loader cannot load this batch: unknown object 'no_such_v2'", refused.error());
    assertEquals(
        refused.error(),
        bus.awaitParkedBatch(batch.batchId(), WAIT).header(Settlement.REASON_HEADER));
  }

  @Test
  void loaderSeriesAreExportedForEveryCatalogueTable() throws Exception {
    RecordBatch batch =
        Batches.batch(
            "metric_v2",
            destination.sealed(),
            T1,
            List.of(Batches.resource("metric", "m", "{\"name\":\"counted\"}")));
    bus.publish("load", batch);
    bus.awaitLoaded(batch.batchId(), WAIT);

    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(metrics.toString())).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String series :
        List.of(
            "kvsync_batches_loaded_total{object=\"metric_v2\",outcome=\"loaded\"}",
            "kvsync_batches_loaded_total{object=\"metric_v2\",outcome=\"failed\"}",
            "kvsync_rows_upserted_total{object=\"metric_v2\"}",
            "kvsync_rows_marked_deleted_total{object=\"metric_v2\"}",
            "kvsync_failed_records_total{object=\"metric_v2\"}",
            "kvsync_schema_changes_total{object=\"metric_v2\"}",
            "kvsync_batch_load_duration_seconds_bucket{object=\"metric_v2\"")) {
      assertTrue(body.contains(series.replace("}", "")), "missing " + series);
    }
    double upserted =
        body.lines()
            .filter(l -> l.startsWith("kvsync_rows_upserted_total{object=\"metric_v2\""))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .sum();
    assertTrue(upserted >= 1, "rows upserted counted: " + upserted);
  }
}
