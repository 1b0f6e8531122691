package io.kvsync.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.RecordFailure;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.common.testing.ExternalServices;
import io.kvsync.common.testing.ExternalServicesResource;
import io.kvsync.loader.destination.DestinationPools;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = ExternalServicesResource.class,
    initArgs = @ResourceArg(name = "database", value = TestDestination.DATABASE))
class ResilienceTest extends BusTest {

  private static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");

  @Inject DestinationPools pools;

  @TestHTTPResource("/q/metrics")
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
                Batches.resource("metric", "nul", "{\"name\":\"bad\\u0000byte\"}"),
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
    assertTrue(reasons.get("nul").startsWith("refused by the destination"), reasons.toString());
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
  void batchForAnUnreachableDestinationIsRetriedUntilTheDestinationAccepts() throws Exception {
    ExternalServices.Endpoints e = ExternalServices.start();
    try (TcpForwarder outage = new TcpForwarder(e.postgresHost(), e.postgresPort())) {
      DestinationSpec down =
          new DestinationSpec(
              "127.0.0.1",
              outage.port(),
              TestDestination.DATABASE,
              e.postgresUser(),
              e.postgresPassword(),
              destination.schema(),
              "");
      RecordBatch batch =
          Batches.batch(
              "metric_v2",
              down.seal(TestDestination.CIPHER),
              T1,
              List.of(Batches.resource("metric", "late", "{\"name\":\"waited\"}")));
      bus.publish("load", batch);

      assertFalse(
          bus.answers(batch.batchId(), Duration.ofSeconds(4)), "nothing is acked while down");

      outage.start();
      BatchLoaded loaded = bus.awaitLoaded(batch.batchId(), WAIT);
      assertEquals(1, loaded.rowsUpserted());
      assertEquals(
          "waited",
          destination
              .rows("SELECT name FROM {schema}.metric_v2 WHERE id = 'late'")
              .get(0)
              .get("name"));
    }
  }

  @Test
  void undecodableBatchIsDeadLetteredWithoutStoppingTheConsumer() throws Exception {
    String marker = "not-json-" + UUID.randomUUID();
    ExternalServices.Endpoints e = ExternalServices.start();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(e.rabbitHost());
    factory.setPort(e.rabbitPort());
    factory.setUsername(e.rabbitUser());
    factory.setPassword(e.rabbitPassword());
    try (Connection connection = factory.newConnection();
        Channel channel = connection.createChannel()) {
      channel.confirmSelect();
      channel.basicPublish(
          TestBus.RECORDS_EXCHANGE, "load", null, marker.getBytes(StandardCharsets.UTF_8));
      channel.waitForConfirmsOrDie(10_000);

      boolean deadLettered = false;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!deadLettered && System.nanoTime() < deadline) {
        GetResponse response = channel.basicGet("it-loader.loader.batches.dlq", false);
        if (response == null) {
          Thread.sleep(100);
          continue;
        }
        if (new String(response.getBody(), StandardCharsets.UTF_8).equals(marker)) {
          channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
          deadLettered = true;
        } else {
          channel.basicNack(response.getEnvelope().getDeliveryTag(), false, true);
        }
      }
      assertTrue(deadLettered, "the undecodable batch reached the dead-letter queue");
    }

    RecordBatch next =
        Batches.batch(
            "metric_v2",
            destination.sealed(),
            T1,
            List.of(Batches.resource("metric", "after", "{\"name\":\"still consuming\"}")));
    bus.publish("load", next);
    assertEquals(1, bus.awaitLoaded(next.batchId(), WAIT).rowsUpserted());
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
    assertTrue(refused.error().contains("unknown object 'no_such_v2'"), refused.error());
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
