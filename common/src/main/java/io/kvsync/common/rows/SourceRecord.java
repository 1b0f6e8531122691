package io.kvsync.common.rows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * A record read from a message body: its row, its {@code meta} member, and where its JSON lies in
 * the body, so its size and text are available without re-encoding it.
 *
 * @param row the mapped row
 * @param meta the record's {@code meta} member, or null when it has none
 * @param source the message body the record was read from
 * @param start offset of the record's first byte in {@code source}
 * @param end offset just past the record's last byte
 */
public record SourceRecord(MappedRecord row, JsonNode meta, byte[] source, int start, int end) {

  /** The record's size in bytes as it travelled. */
  public int size() {
    return end - start;
  }

  /** The record's JSON text as it travelled (built on demand: only failed records need it). */
  public String json() {
    return new String(source, start, end - start, StandardCharsets.UTF_8);
  }
}
