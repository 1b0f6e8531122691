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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = ExternalServicesResource.class,
    initArgs = @ResourceArg(name = "database", value = TestDestination.DATABASE))
class SchemaEvolutionTest extends BusTest {

  private static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");

  @Test
  void newPropertyBecomesAColumnWithoutFailingTheBatch() throws Exception {
    loadMetric(T1, "A", "{\"name\":\"first\"}");

    BatchLoaded loaded = loadMetric(T1.plusSeconds(1), "B", "{\"name\":\"second\",\"priority\":7}");

    assertEquals(1, loaded.rowsUpserted());
    assertEquals(
        List.of(
            "added column "
                + destination.schema()
                + ".metric_v2.priority bigint (source: priority)"),
        loaded.schemaChanges());
    assertEquals("bigint", destination.columnTypes("metric_v2").get("priority"));
    List<Map<String, Object>> rows =
        destination.rows("SELECT id, priority FROM {schema}.metric_v2 ORDER BY id");
    assertEquals(Map.of("id", "A"), withoutNulls(rows.get(0)));
    assertEquals(7L, rows.get(1).get("priority"));
  }

  @Test
  void typeChangeWidensTheColumnAndKeepsEveryValue() throws Exception {
    loadMetric(T1, "A", "{\"score\":5,\"vip\":true,\"created\":\"2024-01-02T03:04:05+00:00\"}");
    BatchLoaded decimal = loadMetric(T1, "B", "{\"score\":2.5}");
    BatchLoaded word =
        loadMetric(T1, "C", "{\"score\":\"high\",\"vip\":\"sometimes\",\"created\":\"last week\"}");

    String table = destination.schema() + ".metric_v2";
    assertEquals(
        List.of("widened column " + table + ".score from bigint to numeric"),
        decimal.schemaChanges());
    assertEquals(3, word.schemaChanges().size(), word.schemaChanges().toString());
    assertTrue(
        word.schemaChanges()
            .contains("widened column " + table + ".created from timestamptz to text"));
    Map<String, String> types = destination.columnTypes("metric_v2");
    assertEquals("text", types.get("score"));
    assertEquals("text", types.get("vip"));
    assertEquals("text", types.get("created"));
    List<Map<String, Object>> rows =
        destination.rows("SELECT id, score, vip, created FROM {schema}.metric_v2 ORDER BY id");
    assertEquals("5", rows.get(0).get("score"));
    assertEquals("true", rows.get(0).get("vip"));
    assertTrue(((String) rows.get(0).get("created")).startsWith("2024-01-02 03:04:05"));
    assertEquals("2.5", rows.get(1).get("score"));
    assertEquals("high", rows.get(2).get("score"));
    assertEquals("sometimes", rows.get(2).get("vip"));
    assertEquals("last week", rows.get(2).get("created"));
  }

  @Test
  void collidingAndHostileNamesGetSafeColumnsThatKeepTheirSource() throws Exception {
    BatchLoaded loaded =
        loadMetric(
            T1,
            "A",
            "{\"Plan\":\"gold\",\"plan\":\"yearly\",\"Montréal report\":1,"
                + "\"x\\\"; DROP TABLE metric_v2; --\":\"safe\"}");

    assertEquals(1, loaded.rowsUpserted());
    Map<String, Object> comments = new java.util.HashMap<>();
    for (Map<String, Object> row :
        destination.rows(
            "SELECT a.attname, col_description(a.attrelid, a.attnum) AS source FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass('{schema}.metric_v2') AND a.attnum > 0")) {
      comments.put((String) row.get("attname"), row.get("source"));
    }
    assertEquals("source: Plan", comments.get("plan"));
    assertEquals("source: Montréal report", comments.get("montreal_report"));
    assertEquals("source: x\"; DROP TABLE metric_v2; --", comments.get("x_drop_table_metric_v2"));
    String lowerPlan =
        comments.entrySet().stream()
            .filter(e -> "source: plan".equals(e.getValue()))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    assertTrue(lowerPlan.matches("plan_[0-9a-f]{6}"), lowerPlan);

    // A later batch naming them in the other order lands in the same columns.
    loadMetric(T1.plusSeconds(5), "B", "{\"plan\":\"monthly\",\"Plan\":\"silver\"}");
    List<Map<String, Object>> rows =
        destination.rows(
            "SELECT plan, \""
                + lowerPlan
                + "\" AS lower_plan FROM {schema}.metric_v2 WHERE id = 'B'");
    assertEquals("silver", rows.get(0).get("plan"));
    assertEquals("monthly", rows.get(0).get("lower_plan"));
  }

  @Test
  void concurrentBatchesAddingColumnsToOneTableAllLoad() throws Exception {
    List<RecordBatch> batches = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      batches.add(
          Batches.batch(
              "metric_v2",
              destination.sealed(),
              T1,
              List.of(Batches.resource("metric", "M" + i, "{\"attr_" + i + "\":" + i + "}"))));
    }
    for (RecordBatch batch : batches) {
      bus.publish("load", batch);
    }
    int changes = 0;
    for (RecordBatch batch : batches) {
      BatchLoaded loaded = bus.awaitLoaded(batch.batchId(), WAIT);
      assertEquals(1, loaded.rowsUpserted());
      changes += loaded.schemaChanges().size();
    }
    Map<String, String> types = destination.columnTypes("metric_v2");
    for (int i = 0; i < 6; i++) {
      assertEquals("bigint", types.get("attr_" + i), types.toString());
    }
    assertEquals(6, destination.rows("SELECT 1 FROM {schema}.metric_v2").size());
    assertEquals(6, changes, "one table creation and five added columns, each reported once");
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> row) {
    Map<String, Object> copy = new java.util.HashMap<>(row);
    copy.values().removeIf(java.util.Objects::isNull);
    return copy;
  }
}
