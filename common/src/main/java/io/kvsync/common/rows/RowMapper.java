package io.kvsync.common.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kvsync.common.catalogue.RowShape;
import io.kvsync.common.naming.SqlName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The generic JSON:API resource → row mapping: {@code id} → {@code id}; each attribute → a column
 * typed by its JSON value, except the catalogue's datetime attributes ({@code timestamptz}) and
 * flattened objects ({@code <object>_<field>}); each to-one relationship → {@code <name>_id}.
 */
public final class RowMapper {

  /** Prefix of relationship sources, so they never collide with an attribute of the same name. */
  public static final String RELATIONSHIP_SOURCE_PREFIX = "relationships.";

  private final RowShape shape;
  private final Map<String, String> sanitised = new HashMap<>();

  public RowMapper(RowShape shape) {
    this.shape = shape;
  }

  public MappedRecord map(ObjectNode resource) {
    List<Field> fields = new ArrayList<>();
    JsonNode id = resource.get("id");
    String recordId = id == null || id.isNull() ? null : id.asText();
    if (recordId != null) {
      fields.add(Field.of("id", "id", ColumnType.TEXT, TextNode.valueOf(recordId)));
    }
    mapRelationships(resource.get("relationships"), fields);
    JsonNode attributes = resource.get("attributes");
    if (attributes != null && attributes.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = attributes.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> attribute = it.next();
        String name = attribute.getKey();
        JsonNode value = attribute.getValue();
        if (shape.flattenedObjects().contains(name) && value.isObject()) {
          flatten(name, (ObjectNode) value, fields);
        } else {
          fields.add(field(name, name, value));
        }
      }
    }
    return new MappedRecord(recordId, fields);
  }

  private void mapRelationships(JsonNode relationships, List<Field> fields) {
    if (relationships == null || !relationships.isObject()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> it = relationships.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> relationship = it.next();
      JsonNode data = relationship.getValue().get("data");
      // To-many relationships (arrays) have tables of their own, built by the extractor.
      if (data != null && (data.isObject() || data.isNull())) {
        String name = relationship.getKey();
        JsonNode targetId = data.isNull() ? data : data.path("id");
        String source = RELATIONSHIP_SOURCE_PREFIX + name + ".data.id";
        JsonNode value = targetId.isMissingNode() || targetId.isNull() ? null : targetId;
        fields.add(
            Field.of(
                source,
                sanitised(name + "_id"),
                value == null ? null : ColumnType.TEXT,
                value == null ? null : TextNode.valueOf(value.asText())));
      }
    }
  }

  private void flatten(String objectName, ObjectNode object, List<Field> fields) {
    Iterator<Map.Entry<String, JsonNode>> it = object.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> member = it.next();
      String source = objectName + "." + member.getKey();
      fields.add(field(source, objectName + "_" + member.getKey(), member.getValue()));
    }
  }

  private Field field(String source, String rawColumn, JsonNode value) {
    String column = sanitised(rawColumn);
    if (value != null && value.isTextual() && shape.datetimeAttributes().contains(source)) {
      Instant datetime = Field.parseDatetime(value.textValue());
      if (datetime != null) {
        return Field.datetime(source, column, value, datetime);
      }
    }
    return Field.of(source, column, typeOf(value), value);
  }

  private static ColumnType typeOf(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isTextual()) {
      return ColumnType.TEXT;
    }
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() ? ColumnType.BIGINT : ColumnType.NUMERIC;
    }
    if (value.isNumber()) {
      return ColumnType.NUMERIC;
    }
    if (value.isBoolean()) {
      return ColumnType.BOOLEAN;
    }
    return ColumnType.JSONB;
  }

  // Names repeat in every record of a batch: sanitise each once.
  private String sanitised(String raw) {
    return sanitised.computeIfAbsent(raw, SqlName::sanitise);
  }
}
