package io.kvsync.emulator.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * Writes {@code relationships.<name>} members: {@code data} (to-one always; to-many when the
 * request includes the relationship) and {@code links}; queues included resources.
 */
public final class RelationshipWriter {

  private final JsonGenerator json;
  private final DocumentWriter document;
  private final LinkWriter links;
  private byte[] ownerPrefix;
  private String ownerId;

  RelationshipWriter(JsonGenerator json, DocumentWriter document, LinkWriter links) {
    this.json = json;
    this.document = document;
    this.links = links;
  }

  void owner(byte[] collectionPrefix, String id) {
    this.ownerPrefix = collectionPrefix;
    this.ownerId = id;
  }

  /**
   * A to-one relationship; when {@code target} is null the member has only links (the spec types
   * {@code data} as a non-nullable object).
   */
  public <R> void toOne(String name, ResourceKind<R> kind, R target) throws IOException {
    json.writeObjectFieldStart(name);
    if (target != null) {
      json.writeObjectFieldStart("data");
      json.writeStringField("type", kind.type());
      json.writeStringField("id", kind.id(target));
      json.writeEndObject();
      if (document.includes(name)) {
        document.queueIncluded(kind, target);
      }
    }
    links(name);
    json.writeEndObject();
  }

  /** A to-one relationship to a resource type the emulator only knows by id. */
  public void toOneId(String name, String type, String id) throws IOException {
    json.writeObjectFieldStart(name);
    if (id != null) {
      json.writeObjectFieldStart("data");
      json.writeStringField("type", type);
      json.writeStringField("id", id);
      json.writeEndObject();
    }
    links(name);
    json.writeEndObject();
  }

  /** A to-many relationship; data is written only when the request includes it. */
  public <R> void toMany(String name, ResourceKind<R> kind, List<R> targets) throws IOException {
    json.writeObjectFieldStart(name);
    if (document.includes(name)) {
      json.writeArrayFieldStart("data");
      for (R target : targets) {
        json.writeStartObject();
        json.writeStringField("type", kind.type());
        json.writeStringField("id", kind.id(target));
        json.writeEndObject();
        document.queueIncluded(kind, target);
      }
      json.writeEndArray();
    }
    links(name);
    json.writeEndObject();
  }

  /** A to-many relationship the emulator keeps empty (e.g. tags). */
  public void emptyToMany(String name) throws IOException {
    json.writeObjectFieldStart(name);
    if (document.includes(name)) {
      json.writeArrayFieldStart("data");
      json.writeEndArray();
    }
    links(name);
    json.writeEndObject();
  }

  private void links(String name) throws IOException {
    json.writeObjectFieldStart("links");
    links.write("self", ownerPrefix, ownerId, "/relationships/" + name);
    links.write("related", ownerPrefix, ownerId, "/" + name);
    json.writeEndObject();
  }
}
