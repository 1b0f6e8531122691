package io.kvsync.extractor.objects;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.contract.RawJson;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.extractor.klaviyo.KlaviyoResponse;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code data} resources of a Klaviyo answer straight from its bytes, as records: the
 * page is never built into a tree. Each object or array member of a resource is copied as the bytes
 * it was read as (numbers keep their exact text); {@code links} are dropped. A resource larger than
 * the record limit is measured, never copied: it becomes a stub the loader reports as a failed
 * record ({@link OversizeRecords}).
 */
final class StreamedResources {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, String> context;
  private final String cursorField;
  private final OversizeRecords oversize;

  /**
   * @param context attributes the listing implies but the API omits: added when absent
   * @param cursorField the attribute whose text each record reports, or null
   */
  StreamedResources(Map<String, String> context, String cursorField, OversizeRecords oversize) {
    this.context = context;
    this.cursorField = cursorField;
    this.oversize = oversize;
  }

  List<PageRecord> read(KlaviyoResponse answer) {
    List<PageRecord> records = new ArrayList<>();
    try (JsonParser parser = WireFormat.mapper().createParser(answer.stream())) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean isData = parser.currentName().equals("data");
        JsonToken value = parser.nextToken();
        if (isData && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            records.add(resource(parser, answer.body()));
          }
        } else if (isData && value == JsonToken.START_OBJECT) {
          records.add(resource(parser, answer.body()));
        }
        parser.skipChildren();
      }
      return records;
    } catch (IOException e) {
      // The client checked the whole answer before handing it over.
      throw new UncheckedIOException(e);
    }
  }

  /** One resource, from its {@code START_OBJECT} to its {@code END_OBJECT}. */
  private PageRecord resource(JsonParser parser, Buffer body) throws IOException {
    long start = parser.currentTokenLocation().getByteOffset();
    ObjectNode record = NODES.objectNode();
    String cursorText = null;
    Set<String> attributeNames = null;
    long[] attributes = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String member = parser.currentName();
      JsonToken value = parser.nextToken();
      if (member.equals("links")) {
        parser.skipChildren();
      } else if (member.equals("attributes") && value == JsonToken.START_OBJECT) {
        attributes = new long[] {parser.currentTokenLocation().getByteOffset(), 0};
        attributeNames = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken attribute = parser.nextToken();
          attributeNames.add(name);
          if (name.equals(cursorField) && attribute == JsonToken.VALUE_STRING) {
            cursorText = parser.getText();
          }
          parser.skipChildren();
        }
        attributes[1] = parser.currentLocation().getByteOffset();
        record.putNull("attributes"); // keeps the member's place; filled below
      } else if (member.equals("relationships") && value == JsonToken.START_OBJECT) {
        // Ids only: small, and the parent's relationship may be set on it.
        record.set(member, parser.readValueAsTree());
      } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        long from = parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        record.set(
            member, RawJson.node(bytes(body, from, parser.currentLocation().getByteOffset())));
      } else {
        record.set(member, parser.readValueAsTree());
      }
    }
    long size = parser.currentLocation().getByteOffset() - start;
    if (oversize.isOver(size)) {
      return new PageRecord(oversize.stub(record, size), null, size);
    }
    record.set("attributes", attributes(body, attributes, attributeNames));
    if (!record.path("relationships").isObject()) {
      record.putObject("relationships");
    }
    return new PageRecord(record, cursorText, size);
  }

  /** The attributes as read, with the listing's implied ones added where absent. */
  private JsonNode attributes(Buffer body, long[] span, Set<String> names) throws IOException {
    if (span == null) {
      ObjectNode implied = NODES.objectNode();
      context.forEach(implied::put);
      return implied;
    }
    int from = (int) span[0];
    int to = (int) span[1];
    List<Map.Entry<String, String>> missing =
        context.entrySet().stream().filter(e -> !names.contains(e.getKey())).toList();
    if (missing.isEmpty()) {
      return RawJson.node(body.getBytes(from, to));
    }
    // The object's text without its closing brace, then the implied attributes.
    int closing = to - 1;
    ByteArrayOutputStream text = new ByteArrayOutputStream(to - from + 64 * missing.size());
    text.write(body.getBytes(from, closing));
    boolean first = names.isEmpty();
    for (Map.Entry<String, String> attribute : missing) {
      if (!first) {
        text.write(',');
      }
      text.write(WireFormat.mapper().writeValueAsBytes(attribute.getKey()));
      text.write(':');
      text.write(WireFormat.mapper().writeValueAsBytes(attribute.getValue()));
      first = false;
    }
    text.write('}');
    return RawJson.node(text.toByteArray());
  }

  private static byte[] bytes(Buffer body, long from, long to) {
    return body.getBytes((int) from, (int) to);
  }
}
