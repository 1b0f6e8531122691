package io.kvsync.extractor.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class OversizeRecordsTest {

  private static ObjectNode profile(String id, int propertyBytes) {
    ObjectNode record = JsonApi.resource("profile", id);
    JsonApi.attributes(record).put("notes", "x".repeat(propertyBytes));
    JsonApi.relate(record, "list", "list", "L1");
    return record;
  }

  @Test
  void aRecordOverTheLimitTravelsAsAFailureStubAndTheRestAsTheyAre() {
    OversizeRecords guard = new OversizeRecords(1_000);
    ObjectNode small = profile("P1", 10);
    ObjectNode big = profile("P2", 5_000);

    List<ObjectNode> guarded = guard.guard(List.of(small, big), 6_000);

    assertSame(small, guarded.get(0));
    ObjectNode stub = guarded.get(1);
    assertEquals("P2", stub.path("id").asText());
    assertEquals("profile", stub.path("type").asText());
    assertFalse(stub.has("attributes"), "the oversize payload stays off the bus");
    assertEquals("L1", stub.path("relationships").path("list").path("data").path("id").asText());
    ObjectNode marker = (ObjectNode) stub.path("meta").path(OversizeRecords.MARKER);
    assertEquals(1_000, marker.path("limit_bytes").asLong());
    assertTrue(marker.path("bytes").asLong() > 5_000);
    assertTrue(marker.path("reason").asText().contains("over the 1000-byte limit"));
  }

  @Test
  void answersWithinTheLimitAreNotMeasured() {
    OversizeRecords guard = new OversizeRecords(1_000);
    List<ObjectNode> records = List.of(profile("P1", 10));
    assertSame(records, guard.guard(records, 999));
  }
}
