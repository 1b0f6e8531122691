package io.kvsync.emulator.api.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Streams one JSON:API document: data, included, links. */
public final class DocumentWriter {

  private static final JsonFactory JSON = new JsonFactory();

  private record Queued<T>(ResourceKind<T> kind, T item) {}

  private final String baseUrl;
  private final Map<String, FieldSelection> fields;
  private final Set<String> includes;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
  private final JsonGenerator json;
  private final RelationshipWriter relationships;
  private final LinkWriter links;
  private final List<Queued<?>> included = new ArrayList<>();
  private final Set<String> includedKeys = new HashSet<>();
  private final Set<String> dataKeys = new HashSet<>();

  /**
   * @param baseUrl scheme://host:port for links
   * @param fields sparse fieldsets by resource type
   * @param includes relationship names the request includes
   */
  public DocumentWriter(String baseUrl, Map<String, FieldSelection> fields, Set<String> includes) {
    this.baseUrl = baseUrl;
    this.fields = fields;
    this.includes = includes;
    try {
      this.json = JSON.createGenerator(bytes, JsonEncoding.UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.links = new LinkWriter(json, baseUrl);
    this.relationships = new RelationshipWriter(json, this, links);
  }

  boolean includes(String relationship) {
    return includes.contains(relationship);
  }

  <T> void queueIncluded(ResourceKind<T> kind, T item) {
    String key = kind.type() + ":" + kind.id(item);
    if (includedKeys.add(key)) {
      included.add(new Queued<>(kind, item));
    }
  }

  /** A collection document. */
  public <T> Buffer collection(
      ResourceKind<T> kind, List<T> items, String selfUrl, String nextUrl) {
    try {
      json.writeStartObject();
      json.writeArrayFieldStart("data");
      for (T item : items) {
        if (!includes.isEmpty()) {
          dataKeys.add(kind.type() + ":" + kind.id(item));
        }
        resource(kind, item);
      }
      json.writeEndArray();
      json.writeObjectFieldStart("links");
      json.writeStringField("self", selfUrl);
      // The spec types next as a non-nullable URI: the last page leaves it out.
      if (nextUrl != null) {
        json.writeStringField("next", nextUrl);
      }
      json.writeEndObject();
      writeIncluded();
      json.writeEndObject();
      return finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A single-resource document; {@code item} null gives {@code "data": null}. */
  public <T> Buffer single(ResourceKind<T> kind, T item, String selfUrl) {
    try {
      json.writeStartObject();
      if (item == null) {
        json.writeNullField("data");
      } else {
        dataKeys.add(kind.type() + ":" + kind.id(item));
        json.writeFieldName("data");
        resource(kind, item);
      }
      json.writeObjectFieldStart("links");
      json.writeStringField("self", selfUrl);
      json.writeEndObject();
      writeIncluded();
      json.writeEndObject();
      return finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A relationship document: {@code data} holds only {type, id}. */
  public <T> Buffer identifiers(
      ResourceKind<T> kind, List<T> items, String selfUrl, String nextUrl) {
    try {
      json.writeStartObject();
      json.writeArrayFieldStart("data");
      for (T item : items) {
        json.writeStartObject();
        json.writeStringField("type", kind.type());
        json.writeStringField("id", kind.id(item));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeObjectFieldStart("links");
      json.writeStringField("self", selfUrl);
      // The spec types next as a non-nullable URI: the last page leaves it out.
      if (nextUrl != null) {
        json.writeStringField("next", nextUrl);
      }
      json.writeEndObject();
      json.writeEndObject();
      return finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeIncluded() throws IOException {
    if (includes.isEmpty()) {
      return;
    }
    json.writeArrayFieldStart("included");
    // Included resources may queue further ones; a plain index loop picks those up too.
    for (int i = 0; i < included.size(); i++) {
      writeQueued(included.get(i));
    }
    json.writeEndArray();
  }

  private <T> void writeQueued(Queued<T> queued) throws IOException {
    if (!dataKeys.contains(queued.kind().type() + ":" + queued.kind().id(queued.item()))) {
      resource(queued.kind(), queued.item());
    }
  }

  private <T> void resource(ResourceKind<T> kind, T item) throws IOException {
    String id = kind.id(item);
    byte[] prefix = links.collectionPrefix(kind.collection());
    json.writeStartObject();
    json.writeStringField("type", kind.type());
    json.writeStringField("id", id);
    json.writeObjectFieldStart("attributes");
    kind.attributes(
        item, new AttributeWriter(json, fields.getOrDefault(kind.type(), FieldSelection.ALL)));
    json.writeEndObject();
    if (kind.hasRelationships()) {
      json.writeObjectFieldStart("relationships");
      relationships.owner(prefix, id);
      kind.relationships(item, relationships);
      json.writeEndObject();
    }
    json.writeObjectFieldStart("links");
    links.write("self", prefix, id, "");
    json.writeEndObject();
    json.writeEndObject();
  }

  private Buffer finish() throws IOException {
    json.close();
    return Buffer.buffer(bytes.toByteArray());
  }
}
