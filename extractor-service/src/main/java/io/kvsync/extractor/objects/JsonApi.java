package io.kvsync.extractor.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.contract.WireFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small helpers over JSON:API documents and resources. */
final class JsonApi {

  /** The bus's node factory, so numbers put into built resources stay exact. */
  private static final JsonNodeFactory NODES = WireFormat.mapper().getNodeFactory();

  private JsonApi() {}

  /** The {@code data} resources: the array items, or the single object. */
  static List<JsonNode> data(JsonNode document) {
    JsonNode data = document.path("data");
    List<JsonNode> resources = new ArrayList<>();
    if (data.isArray()) {
      data.forEach(resources::add);
    } else if (data.isObject()) {
      resources.add(data);
    }
    return resources;
  }

  /** The {@code included} resources by {@code type/id}. */
  static Map<String, JsonNode> included(JsonNode document) {
    Map<String, JsonNode> byKey = new HashMap<>();
    for (JsonNode resource : document.path("included")) {
      byKey.put(key(resource.path("type").asText(), resource.path("id").asText()), resource);
    }
    return byKey;
  }

  static String key(String type, String id) {
    return type + "/" + id;
  }

  /** A synthetic resource: the shape the loader's generic mapping reads. */
  static ObjectNode resource(String type, String id) {
    ObjectNode resource = NODES.objectNode();
    resource.put("type", type);
    resource.put("id", id);
    resource.putObject("attributes");
    resource.putObject("relationships");
    return resource;
  }

  /** A copy of a Klaviyo resource as a record: for resources one answer may give to two records. */
  static ObjectNode copyOf(JsonNode resource) {
    return asRecord(resource.deepCopy());
  }

  /**
   * A Klaviyo resource of an answer made into a record in place (no copy: pages are large and each
   * resource becomes one record); {@code links} are not replicated.
   */
  static ObjectNode asRecord(JsonNode resource) {
    ObjectNode copy = (ObjectNode) resource;
    copy.remove("links");
    if (!copy.path("attributes").isObject()) {
      copy.putObject("attributes");
    }
    if (!copy.path("relationships").isObject()) {
      copy.putObject("relationships");
    }
    return copy;
  }

  /** Sets a to-one relationship; the loader turns it into a {@code <name>_id} column. */
  static void relate(ObjectNode resource, String name, String type, String id) {
    ObjectNode relationship = NODES.objectNode();
    relationship.putObject("data").put("type", type).put("id", id);
    ((ObjectNode) resource.get("relationships")).set(name, relationship);
  }

  /** The id of a to-one relationship, or null. */
  static String relatedId(JsonNode resource, String name) {
    JsonNode id = resource.path("relationships").path(name).path("data").path("id");
    return id.isTextual() ? id.asText() : null;
  }

  static ObjectNode attributes(ObjectNode resource) {
    return (ObjectNode) resource.get("attributes");
  }
}
