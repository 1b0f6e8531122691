package io.kvsync.scheduler.failure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Cuts replayed records into batches bounded in count and in bytes. */
final class ReplayBatches {

  private ReplayBatches() {}

  /**
   * @return the records in order, in batches of at most {@code maxRecords} records and {@code
   *     maxBytes} bytes of JSON each; a record larger than {@code maxBytes} travels alone
   */
  static List<List<ObjectNode>> cut(List<ObjectNode> records, int maxRecords, int maxBytes) {
    if (maxRecords < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("batch bounds must be positive");
    }
    List<List<ObjectNode>> batches = new ArrayList<>();
    List<ObjectNode> current = new ArrayList<>();
    long bytes = 0;
    for (ObjectNode record : records) {
      long size = record.toString().getBytes(StandardCharsets.UTF_8).length;
      if (!current.isEmpty() && (current.size() >= maxRecords || bytes + size > maxBytes)) {
        batches.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(record);
      bytes += size;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }
}
