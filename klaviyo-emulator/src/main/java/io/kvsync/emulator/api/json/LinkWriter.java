package io.kvsync.emulator.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes resource URLs (prefix + id + suffix) as raw UTF-8 without building a String per link:
 * links are most of the bytes of a page, and every event carries seven of them.
 */
final class LinkWriter {

  private final JsonGenerator json;
  private final String baseUrl;
  private final Map<String, byte[]> utf8 = new HashMap<>();
  private byte[] scratch = new byte[256];

  LinkWriter(JsonGenerator json, String baseUrl) {
    this.json = json;
    this.baseUrl = baseUrl;
  }

  /** Bytes of {@code baseUrl/api/<collection>/}, cached per collection. */
  byte[] collectionPrefix(String collection) {
    return utf8.computeIfAbsent(
        "\u0000" + collection,
        c -> (baseUrl + "/api/" + collection + "/").getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code "field":"<prefix><id><suffix>"}. */
  void write(String field, byte[] prefix, String id, String suffix) throws IOException {
    byte[] tail =
        suffix.isEmpty()
            ? EMPTY
            : utf8.computeIfAbsent(suffix, s -> s.getBytes(StandardCharsets.UTF_8));
    int length = prefix.length + id.length() + tail.length;
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    System.arraycopy(prefix, 0, scratch, 0, prefix.length);
    int at = prefix.length;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c >= 0x80 || c == '"' || c == '\\' || c < 0x20) {
        // Not a plain ASCII id: let Jackson encode and escape it.
        json.writeStringField(field, new String(prefix, StandardCharsets.UTF_8) + id + suffix);
        return;
      }
      scratch[at++] = (byte) c;
    }
    System.arraycopy(tail, 0, scratch, at, tail.length);
    json.writeFieldName(field);
    json.writeRawUTF8String(scratch, 0, length);
  }

  private static final byte[] EMPTY = new byte[0];
}
