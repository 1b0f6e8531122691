package io.kvsync.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.testing.ExternalServicesResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = ExternalServicesResource.class,
    initArgs = @ResourceArg(name = "database", value = TestDestination.DATABASE))
class MetricLoadTest extends BusTest {

  @Test
  void metricsBatchBecomesTypedRowsAndIsReportedLoaded() throws Exception {
    Instant extractedAt = Instant.parse("2026-11-01T10:00:00Z");
    RecordBatch batch =
        Batches.batch(
            "metric_v2",
            destination.sealed(),
            extractedAt,
            List.of(
                Batches.metric("M1", "Placed Order", "2024-01-02T03:04:05+00:00", "shopify"),
                Batches.metric("M2", "Opened Email", "2024-02-03T04:05:06+00:00", "klaviyo"),
                Batches.metric("M1", "Placed Order v2", "2024-01-02T03:04:05+00:00", "shopify")));

    bus.publish("load", batch);
    BatchLoaded loaded = bus.awaitLoaded(batch.batchId(), WAIT);

    assertEquals(2, loaded.rowsUpserted(), "the duplicate M1 is de-duplicated in the batch");
    assertEquals(List.of(), loaded.failures());
    assertEquals(batch.jobId(), loaded.jobId());
    assertTrue(
        loaded.schemaChanges().get(0).startsWith("created table " + destination.schema()),
        loaded.schemaChanges().toString());

    Map<String, String> types = destination.columnTypes("metric_v2");
    assertEquals("text", types.get("id"));
    assertEquals("text", types.get("name"));
    assertEquals("timestamp with time zone", types.get("created"));
    assertEquals("timestamp with time zone", types.get("updated"));
    assertEquals("jsonb", types.get("integration"));
    assertEquals("timestamp with time zone", types.get("__ingested_at"));
    assertEquals("timestamp with time zone", types.get("__loaded_at"));
    assertEquals("boolean", types.get("__marked_deleted"));
    assertEquals("uuid", types.get("__job_id"));

    List<Map<String, Object>> rows =
        destination.rows(
            "SELECT id, name, created, integration->>'name' AS integration_name, __ingested_at,"
                + " __marked_deleted, __job_id FROM {schema}.metric_v2 ORDER BY id");
    assertEquals(2, rows.size());
    assertEquals("M1", rows.get(0).get("id"));
    assertEquals("Placed Order v2", rows.get(0).get("name"), "the batch's last version wins");
    assertEquals(Instant.parse("2024-01-02T03:04:05Z"), rows.get(0).get("created"));
    assertEquals("shopify", rows.get(0).get("integration_name"));
    assertEquals(extractedAt, rows.get(0).get("__ingested_at"));
    assertEquals(false, rows.get(0).get("__marked_deleted"));
    assertEquals(batch.jobId(), rows.get(0).get("__job_id"));
    assertEquals("M2", rows.get(1).get("id"));
    assertEquals("Opened Email", rows.get(1).get("name"));
  }

  @Test
  void redeliveredBatchChangesNothing() throws Exception {
    Instant extractedAt = Instant.parse("2026-11-01T10:00:00Z");
    RecordBatch batch =
        Batches.batch(
            "metric_v2",
            destination.sealed(),
            extractedAt,
            List.of(
                Batches.metric("R1", "Viewed Product", "2024-05-06T07:08:09+00:00", "api"),
                Batches.metric("R2", "Active on Site", "2024-05-06T07:08:09+00:00", "api")));
    bus.publish("load", batch);
    bus.awaitLoaded(batch.batchId(), WAIT);
    String snapshot =
        "SELECT id, name, created, integration, __ingested_at, __job_id FROM {schema}.metric_v2 ORDER BY id";
    List<Map<String, Object>> before = destination.rows(snapshot);

    bus.publish("load", batch);
    BatchLoaded again = bus.awaitLoaded(batch.batchId(), WAIT);

    assertEquals(List.of(), again.schemaChanges(), "the table already fits");
    assertEquals(before, destination.rows(snapshot));
    assertEquals(2, destination.rows("SELECT 1 FROM {schema}.metric_v2").size());
  }
}
