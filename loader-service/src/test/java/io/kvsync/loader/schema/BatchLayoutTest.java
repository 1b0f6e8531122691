package io.kvsync.loader.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.catalogue.RowShape;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.rows.ColumnType;
import io.kvsync.common.rows.MappedRecord;
import io.kvsync.common.rows.RowMapper;
import io.kvsync.loader.destination.TableRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BatchLayoutTest {

  private static final TableRef TABLE = new TableRef("db", "klaviyo", "thing_v2");
  private static final RowMapper MAPPER = new RowMapper(new RowShape(Set.of("updated"), Set.of()));

  private static MappedRecord record(String json) {
    try {
      return MAPPER.map((ObjectNode) WireFormat.mapper().readTree(json));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Map<String, ColumnType> types(BatchLayout layout) {
    return layout.columns().stream()
        .collect(Collectors.toMap(LayoutColumn::column, LayoutColumn::type));
  }

  @Test
  void firstBatchCreatesTheTableWithTypedColumns() {
    BatchLayout layout =
        BatchLayout.plan(
            TableModel.missing(TABLE),
            List.of("id"),
            List.of(
                record(
                    "{\"id\":\"a\",\"attributes\":{\"n\":1,\"updated\":\"2024-01-01T00:00:00Z\",\"gone\":null}}")));

    assertEquals(1, layout.changes().size());
    SchemaChange.CreateTable create =
        assertInstanceOf(SchemaChange.CreateTable.class, layout.changes().get(0));
    assertEquals(List.of("id"), create.primaryKey());
    assertEquals(
        Map.of("id", ColumnType.TEXT, "n", ColumnType.BIGINT, "updated", ColumnType.TIMESTAMPTZ),
        types(layout),
        "a column that only ever saw null waits for a value to give it a type");
    String ddl = String.join(";", create.statements(TABLE));
    assertTrue(ddl.contains("CREATE TABLE IF NOT EXISTS \"klaviyo\".\"thing_v2\""), ddl);
    assertTrue(ddl.contains("\"__ingested_at\" timestamptz NOT NULL"), ddl);
    assertTrue(ddl.contains("PRIMARY KEY (\"id\")"), ddl);
    assertTrue(
        ddl.contains("COMMENT ON COLUMN \"klaviyo\".\"thing_v2\".\"n\" IS 'source: n'"), ddl);
  }

  @Test
  void fittingBatchNeedsNoChange() {
    TableModel model = planned("{\"id\":\"a\",\"attributes\":{\"n\":1}}").resulting();
    BatchLayout layout =
        BatchLayout.plan(
            model, List.of("id"), List.of(record("{\"id\":\"b\",\"attributes\":{\"n\":2}}")));
    assertEquals(List.of(), layout.changes());
  }

  @Test
  void newAttributeAddsAColumn() {
    TableModel model = planned("{\"id\":\"a\",\"attributes\":{\"n\":1}}").resulting();
    BatchLayout layout =
        BatchLayout.plan(
            model,
            List.of("id"),
            List.of(record("{\"id\":\"b\",\"attributes\":{\"n\":2,\"Plan\":\"gold\"}}")));
    SchemaChange.AddColumn add =
        assertInstanceOf(SchemaChange.AddColumn.class, layout.changes().get(0));
    assertEquals(new LayoutColumn("Plan", "plan", ColumnType.TEXT), add.column());
    assertEquals("added column klaviyo.thing_v2.plan text (source: Plan)", add.describe(TABLE));
  }

  @Test
  void valueThatNoLongerFitsWidensTheColumnEveryStep() {
    TableModel model =
        planned(
                "{\"id\":\"a\",\"attributes\":{\"n\":1,\"b\":true,\"updated\":\"2024-01-01T00:00:00Z\"}}")
            .resulting();

    BatchLayout decimal =
        BatchLayout.plan(
            model, List.of("id"), List.of(record("{\"id\":\"b\",\"attributes\":{\"n\":1.5}}")));
    assertEquals(
        List.of(new SchemaChange.WidenColumn("n", ColumnType.BIGINT, ColumnType.NUMERIC)),
        decimal.changes());

    BatchLayout word =
        BatchLayout.plan(
            decimal.resulting(),
            List.of("id"),
            List.of(record("{\"id\":\"c\",\"attributes\":{\"n\":\"many\"}}")));
    assertEquals(
        List.of(new SchemaChange.WidenColumn("n", ColumnType.NUMERIC, ColumnType.TEXT)),
        word.changes());

    BatchLayout flags =
        BatchLayout.plan(
            model,
            List.of("id"),
            List.of(
                record("{\"id\":\"d\",\"attributes\":{\"b\":\"maybe\",\"updated\":\"soon\"}}")));
    assertEquals(
        List.of(
            new SchemaChange.WidenColumn("b", ColumnType.BOOLEAN, ColumnType.TEXT),
            new SchemaChange.WidenColumn("updated", ColumnType.TIMESTAMPTZ, ColumnType.TEXT)),
        flags.changes());
    assertEquals(
        List.of(
            "ALTER TABLE \"klaviyo\".\"thing_v2\" ALTER COLUMN \"b\" TYPE text USING \"b\"::text"),
        flags.changes().get(0).statements(TABLE));
  }

  @Test
  void narrowerValuesFitAWiderColumn() {
    TableModel model = planned("{\"id\":\"a\",\"attributes\":{\"n\":\"text\"}}").resulting();
    BatchLayout layout =
        BatchLayout.plan(
            model, List.of("id"), List.of(record("{\"id\":\"b\",\"attributes\":{\"n\":7}}")));
    assertEquals(List.of(), layout.changes());
    assertEquals(ColumnType.TEXT, types(layout).get("n"));
  }

  @Test
  void collidingSourceNamesGetDistinctColumnsAndKeepThem() {
    BatchLayout first =
        planned("{\"id\":\"a\",\"attributes\":{\"Plan\":\"gold\",\"plan\":\"yearly\",\"ID\":5}}");
    Map<String, String> bySource =
        first.columns().stream()
            .collect(Collectors.toMap(LayoutColumn::source, LayoutColumn::column));
    assertEquals("plan", bySource.get("Plan"));
    assertTrue(bySource.get("plan").matches("plan_[0-9a-f]{6}"), bySource.toString());
    assertTrue(bySource.get("ID").matches("id_[0-9a-f]{6}"), "the key keeps id: " + bySource);

    // Another batch listing them the other way round maps each source to the same column.
    BatchLayout second =
        BatchLayout.plan(
            first.resulting(),
            List.of("id"),
            List.of(
                record(
                    "{\"id\":\"b\",\"attributes\":{\"plan\":\"monthly\",\"Plan\":\"silver\"}}")));
    assertEquals(List.of(), second.changes());
    Map<String, String> again =
        second.columns().stream()
            .collect(Collectors.toMap(LayoutColumn::source, LayoutColumn::column));
    assertEquals(bySource.get("plan"), again.get("plan"));
    assertEquals("plan", again.get("Plan"));
  }

  private static BatchLayout planned(String json) {
    return BatchLayout.plan(TableModel.missing(TABLE), List.of("id"), List.of(record(json)));
  }
}
