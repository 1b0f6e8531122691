package io.kvsync.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.bus.CancelledJobs;
import io.kvsync.common.contract.BatchHeaders;
import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.Refusal;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.testing.ExternalServicesResource;
import io.kvsync.loader.config.LoaderConfig;
import io.kvsync.loader.messaging.Settlement;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Messages the loader must not load as they are: still answered when the scheduler waits for them,
 * parked with the reason, and never in the way of the next batch.
 */
@QuarkusTest
@QuarkusTestResource(
    value = ExternalServicesResource.class,
    initArgs = @ResourceArg(name = "database", value = TestDestination.DATABASE))
class UnusableMessageTest extends BusTest {

  private static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");

  @Inject CancelledJobs cancelledJobs;
  @Inject LoaderConfig config;

  private RecordBatch metric(String id) {
    return Batches.batch(
        "metric_v2",
        destination.sealed(),
        T1,
        List.of(Batches.resource("metric", id, "{\"name\":\"" + id + "\"}")));
  }

  @Test
  void undecodableBatchIsReportedFromItsHeadersAndParked() throws Exception {
    RecordBatch announced = metric("never");
    byte[] body = "{\"batchId\": not json".getBytes(StandardCharsets.UTF_8);
    bus.publish("load", body, BatchHeaders.of(announced.ref()));

    BatchLoaded refused = bus.awaitLoaded(announced.batchId(), WAIT);
    assertEquals(Refusal.PERMANENT, refused.refusal());
    assertTrue(
        refused
            .error()
            .startsWith("The loader cannot load this batch: the batch cannot be decoded"),
        refused.error());
    assertEquals(announced.jobId(), refused.jobId());
    assertEquals(announced.readId(), refused.readId());
    assertEquals(announced.seq(), refused.seq());

    TestBus.Parked parked = bus.awaitParkedBatch(announced.batchId(), WAIT);
    assertEquals(refused.error(), parked.header(Settlement.REASON_HEADER));
    assertArrayEquals(body, parked.body(), "the original body is kept");
  }

  @Test
  void undecodableBatchWithoutHeadersIsParkedWithoutStoppingTheConsumer() throws Exception {
    String marker = "not-json-" + UUID.randomUUID();
    bus.publish("load", marker.getBytes(StandardCharsets.UTF_8), Map.of());

    TestBus.Parked parked =
        bus.awaitParked(
            TestBus.BATCHES_DLQ,
            p -> new String(p.body(), StandardCharsets.UTF_8).equals(marker),
            WAIT);
    assertTrue(
        parked.header(Settlement.REASON_HEADER).contains("the batch cannot be decoded"),
        parked.header(Settlement.REASON_HEADER));

    RecordBatch next = metric("after");
    bus.publish("load", next);
    assertEquals(1, bus.awaitLoaded(next.batchId(), WAIT).rowsUpserted());
  }

  @Test
  void batchOnItsLastAllowedDeliveryIsRefusedWithoutBeingLoaded() throws Exception {
    assertEquals(
        config.load().deliveryLimit(),
        ConfigProvider.getConfig()
            .getValue("mp.messaging.incoming.batches.queue.x-delivery-limit", Integer.class),
        "the queue argument and kvsync.load.delivery-limit agree");
    RecordBatch batch = metric("last");
    Map<String, Object> headers = new HashMap<>(BatchHeaders.of(batch.ref()));
    // What the quorum queue (x-delivery-limit 20) says of a batch returned 19 times.
    headers.put("x-delivery-count", 19L);
    bus.publish("load", WireFormat.encode(batch), headers);

    BatchLoaded refused = bus.awaitLoaded(batch.batchId(), WAIT);
    assertEquals(Refusal.PERMANENT, refused.refusal());
    assertEquals(
        "The batch was delivered 20 times without loading: a loader stopped while loading it"
            + " each time",
        refused.error());
    TestBus.Parked parked = bus.awaitParkedBatch(batch.batchId(), WAIT);
    assertEquals(refused.error(), parked.header(Settlement.REASON_HEADER));
    assertNull(parked.header("x-delivery-count"), "a copy put back by hand starts afresh");
    assertTrue(
        destination.columnTypes("metric_v2").isEmpty(), "nothing was written to the destination");
  }

  @Test
  void batchOfACancelledJobIsDroppedWithoutLoadingOrReport() throws Exception {
    RecordBatch cancelled = metric("cancelled");
    bus.cancel(cancelled.jobId());
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!cancelledJobs.isCancelled(cancelled.jobId()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(cancelledJobs.isCancelled(cancelled.jobId()), "the broadcast reached the loader");

    bus.publish("load", cancelled);
    RecordBatch live = metric("live");
    bus.publish("load", live);

    assertNull(bus.awaitLoaded(live.batchId(), WAIT).error());
    assertFalse(bus.answers(cancelled.batchId(), Duration.ofSeconds(2)), "no report");
    assertEquals(
        List.of("live"),
        destination.rows("SELECT id FROM {schema}.metric_v2").stream()
            .map(row -> row.get("id"))
            .toList());
  }
}
