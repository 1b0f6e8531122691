package io.kvsync.extractor.objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.contract.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps records over the size limit off the bus (docs/architecture.md §4.7; Klaviyo's rule: events
 * over 128 MB are not loaded, docs/adr/0005-size-limits.md). Such a record travels as a stub: its
 * {@code type}, {@code id} and relationships (the key columns) and {@code meta.kvsync_oversize}
 * with the size and the reason, which the loader reports as a failed record instead of loading it;
 * the rest of the batch loads.
 */
final class OversizeRecords {

  static final String MARKER = "kvsync_oversize";

  private final long limitBytes;

  OversizeRecords(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /**
   * @param answerBytes the size of the Klaviyo answer the records came from: when it is within the
   *     limit no record can exceed it, and nothing is measured
   */
  List<ObjectNode> guard(List<ObjectNode> records, long answerBytes) {
    if (answerBytes <= limitBytes) {
      return records;
    }
    List<ObjectNode> guarded = new ArrayList<>(records.size());
    for (ObjectNode record : records) {
      long size = sizeOf(record);
      guarded.add(isOver(size) ? stub(record, size) : record);
    }
    return guarded;
  }

  boolean isOver(long recordBytes) {
    return recordBytes > limitBytes;
  }

  /** The stub of {@code record}: its key members and why it was not shipped. */
  ObjectNode stub(ObjectNode record, long size) {
    ObjectNode stub = record.objectNode();
    stub.set("type", record.get("type"));
    stub.set("id", record.get("id"));
    if (record.path("relationships").isObject()) {
      stub.set("relationships", record.get("relationships"));
    }
    stub.putObject("meta")
        .putObject(MARKER)
        .put("bytes", size)
        .put("limit_bytes", limitBytes)
        .put(
            "reason",
            "record is "
                + size
                + " bytes, over the "
                + limitBytes
                + "-byte limit; it was not loaded");
    return stub;
  }

  private static long sizeOf(ObjectNode record) {
    try {
      return WireFormat.mapper().writeValueAsString(record).getBytes(StandardCharsets.UTF_8).length;
    } catch (JsonProcessingException e) {
      return Long.MAX_VALUE;
    }
  }
}
