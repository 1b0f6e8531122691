package io.kvsync.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.rows.ColumnType;
import io.kvsync.common.rows.Field;
import io.kvsync.common.rows.MappedRecord;
import io.kvsync.loader.Batches;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IncomingBatchTest {

  private static final String EVENT =
      "{\"type\":\"event\",\"id\":\"E1\",\"attributes\":{\"timestamp\":1700000000,"
          + "\"datetime\":\"2024-01-02T03:04:05+00:00\",\"uuid\":\"u-1\","
          + "\"event_properties\":{\"value\":9.5,\"items\":[\"a\",{\"b\":null}],\"note\":\"é\\\"\"}},"
          + "\"relationships\":{\"profile\":{\"data\":{\"type\":\"profile\",\"id\":\"P1\"}},"
          + "\"metric\":{\"data\":{\"type\":\"metric\",\"id\":\"M1\"}}}}";

  private static RecordBatch batchOf(String object, List<ObjectNode> records) {
    return Batches.batch(object, "sealed", Instant.parse("2024-05-06T07:08:09Z"), records);
  }

  private static Map<String, Field> bySource(MappedRecord row) {
    return row.fields().stream().collect(Collectors.toMap(Field::source, f -> f));
  }

  @Test
  void readsRecordsFromTheBytesAsTheTreeMappingDoes() {
    RecordBatch batch = batchOf("event_v2", List.of(Batches.json(EVENT)));
    byte[] body = WireFormat.encode(batch);

    IncomingBatch streamed = IncomingBatch.read(body);
    IncomingBatch fromTrees = IncomingBatch.of(batch, body.length);

    assertEquals(batch.batchId(), streamed.header().batchId());
    assertEquals(batch.extractedAt(), streamed.header().extractedAt());
    assertEquals(body.length, streamed.bytes());
    assertEquals(1, streamed.records().size());
    assertEquals(fromTrees.records().get(0).row(), streamed.records().get(0).row());
    Map<String, Field> fields = bySource(streamed.records().get(0).row());
    assertEquals(
        "{\"value\":9.5,\"items\":[\"a\",{\"b\":null}],\"note\":\"é\\\"\"}",
        fields.get("event_properties").textFor(ColumnType.JSONB),
        "objects keep the JSON text they travelled as");
    assertEquals(ColumnType.TIMESTAMPTZ, fields.get("datetime").type());
    assertEquals("P1", fields.get("relationships.profile.data.id").textFor(ColumnType.TEXT));
    assertEquals(
        Batches.json(EVENT).toString(),
        streamed.records().get(0).json(),
        "the record's own text is available for failure reports");
  }

  @Test
  void recordsBeforeTheObjectAreReadOnceTheObjectIsKnown() throws Exception {
    RecordBatch batch = batchOf("event_v2", List.of(Batches.json(EVENT)));
    ObjectNode reordered = WireFormat.mapper().createObjectNode();
    reordered.set("records", WireFormat.mapper().valueToTree(batch.records()));
    ((ObjectNode) WireFormat.mapper().valueToTree(batch))
        .fields()
        .forEachRemaining(
            member -> {
              if (!member.getKey().equals("records")) {
                reordered.set(member.getKey(), member.getValue());
              }
            });
    byte[] body = WireFormat.mapper().writeValueAsBytes(reordered);
    assertTrue(new String(body, StandardCharsets.UTF_8).startsWith("{\"records\""));

    IncomingBatch streamed = IncomingBatch.read(body);

    assertEquals("event_v2", streamed.header().object());
    assertEquals(
        IncomingBatch.of(batch, body.length).records().get(0).row(),
        streamed.records().get(0).row());
  }

  @Test
  void anUnknownObjectKeepsItsHeaderSoTheBatchCanBeRefused() {
    IncomingBatch incoming =
        IncomingBatch.read(
            WireFormat.encode(batchOf("no_such_table", List.of(Batches.json(EVENT)))));
    assertEquals("no_such_table", incoming.header().object());
    assertTrue(incoming.hasRecords());
    assertTrue(incoming.records().isEmpty());
  }

  @Test
  void missingRecordsAreReportedAsMissing() {
    IncomingBatch incoming = IncomingBatch.read(WireFormat.encode(batchOf("event_v2", null)));
    assertFalse(incoming.hasRecords());
  }

  @Test
  void bodiesThatAreNotBatchesAreMalformed() {
    for (String body :
        List.of(
            "not json",
            "[1,2]",
            "{\"object\":\"event_v2\",\"records\":[\"a string\"]}",
            "{\"object\":\"event_v2\",\"records\":{}}",
            "{\"batchId\":\"not a uuid\",\"records\":[]}")) {
      assertThrows(
          MalformedMessageException.class,
          () -> IncomingBatch.read(body.getBytes(StandardCharsets.UTF_8)),
          body);
    }
  }
}
