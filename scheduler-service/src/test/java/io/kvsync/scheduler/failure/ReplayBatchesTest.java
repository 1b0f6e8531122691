package io.kvsync.scheduler.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayBatchesTest {

  /** A record whose JSON is {@code {"id":"<padding>"}}: 9 bytes plus the padding. */
  private static ObjectNode record(int padding) {
    return JsonNodeFactory.instance.objectNode().put("id", "x".repeat(padding));
  }

  private static List<Integer> sizes(List<List<ObjectNode>> batches) {
    return batches.stream().map(List::size).toList();
  }

  @Test
  void batchesAreCutByCount() {
    List<ObjectNode> records = IntStream.range(0, 7).mapToObj(i -> record(1)).toList();
    assertEquals(List.of(3, 3, 1), sizes(ReplayBatches.cut(records, 3, 1_000_000)));
  }

  @Test
  void batchesAreCutByBytesAndAnOversizedRecordTravelsAlone() {
    // 100-byte records under a 250-byte bound: two a batch; a 400-byte one alone.
    List<ObjectNode> records = List.of(record(91), record(91), record(91), record(391), record(91));
    assertEquals(List.of(2, 1, 1, 1), sizes(ReplayBatches.cut(records, 100, 250)));
  }

  @Test
  void nothingToReplayIsNoBatchAndBoundsMustBePositive() {
    assertEquals(List.of(), ReplayBatches.cut(List.of(), 3, 10));
    assertThrows(IllegalArgumentException.class, () -> ReplayBatches.cut(List.of(), 0, 10));
  }
}
