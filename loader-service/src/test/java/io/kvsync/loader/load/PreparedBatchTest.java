package io.kvsync.loader.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.catalogue.RowShape;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.rows.ColumnType;
import io.kvsync.loader.schema.LayoutColumn;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreparedBatchTest {

  private static final RowShape SHAPE = new RowShape(Set.of(), Set.of());

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) WireFormat.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void lastVersionOfAKeyWinsAndRowsAreInKeyOrder() {
    PreparedBatch batch =
        PreparedBatch.of(
            SHAPE,
            List.of("id"),
            List.of(
                json("{\"id\":\"b\",\"attributes\":{\"v\":1}}"),
                json("{\"id\":\"a\",\"attributes\":{\"v\":2}}"),
                json("{\"id\":\"b\",\"attributes\":{\"v\":3}}")),
            100,
            1_000);
    assertEquals(List.of(), batch.failures());
    Object[] arrays =
        batch.columnArrays(
            List.of(
                new LayoutColumn("id", "id", ColumnType.TEXT),
                new LayoutColumn("v", "v", ColumnType.BIGINT)));
    assertArrayEquals(new String[] {"a", "b"}, (String[]) arrays[0]);
    assertArrayEquals(new String[] {"2", "3"}, (String[]) arrays[1]);
  }

  @Test
  void recordsWithoutTheirKeyAreReportedNotLoaded() {
    PreparedBatch batch =
        PreparedBatch.of(
            SHAPE,
            List.of("profile_id", "list_id"),
            List.of(
                json(
                    "{\"relationships\":{\"profile\":{\"data\":{\"id\":\"P1\"}},\"list\":{\"data\":{\"id\":\"L1\"}}}}"),
                json("{\"id\":\"x\",\"relationships\":{\"profile\":{\"data\":{\"id\":\"P2\"}}}}")),
            100,
            1_000);
    assertEquals(1, batch.rows().size());
    assertEquals(1, batch.failures().size());
    assertEquals("x", batch.failures().get(0).recordId());
    assertTrue(batch.failures().get(0).reason().contains("[profile_id, list_id]"));
  }

  @Test
  void oversizeRecordsAreReportedWithTheirSizeAndTheRestLoads() {
    String big = "x".repeat(2_000);
    PreparedBatch batch =
        PreparedBatch.of(
            SHAPE,
            List.of("id"),
            List.of(
                json("{\"id\":\"small\",\"attributes\":{\"v\":1}}"),
                json("{\"id\":\"big\",\"attributes\":{\"v\":\"" + big + "\"}}")),
            3_000,
            1_000);
    assertEquals(1, batch.rows().size());
    assertEquals("big", batch.failures().get(0).recordId());
    assertTrue(batch.failures().get(0).reason().contains("exceeds the limit of 1000 bytes"));
  }

  @Test
  void oversizeStubsFromTheExtractorAreReportedWithTheirReason() {
    PreparedBatch batch =
        PreparedBatch.of(
            SHAPE,
            List.of("id"),
            List.of(
                json("{\"id\":\"small\",\"attributes\":{\"v\":1}}"),
                json(
                    "{\"type\":\"profile\",\"id\":\"huge\",\"meta\":{\"kvsync_oversize\":"
                        + "{\"bytes\":200000000,\"reason\":\"record is 200000000 bytes\"}}}")),
            100,
            1_000);
    assertEquals(1, batch.rows().size());
    assertEquals("huge", batch.failures().get(0).recordId());
    assertEquals("record is 200000000 bytes", batch.failures().get(0).reason());
  }
}
