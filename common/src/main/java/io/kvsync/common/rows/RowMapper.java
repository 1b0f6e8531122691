package io.kvsync.common.rows;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kvsync.common.catalogue.RowShape;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.naming.SqlName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generic JSON:API resource → row mapping: {@code id} → {@code id}; each attribute → a column
 * typed by its JSON value, except the catalogue's datetime attributes ({@code timestamptz}) and
 * flattened objects ({@code <object>_<field>}); each to-one relationship → {@code <name>_id}.
 *
 * <p>Records are read straight from the message bytes with a streaming parser: objects and arrays
 * bound for {@code jsonb} are kept as the JSON text they travelled as, never built into trees.
 */
public final class RowMapper {

  /** Prefix of relationship sources, so they never collide with an attribute of the same name. */
  public static final String RELATIONSHIP_SOURCE_PREFIX = "relationships.";

  /** A source and its sanitised column, computed once per name: names repeat in every record. */
  private record Names(String source, String column) {

    /**
     * Names without NUL characters: the source becomes a column comment, which cannot hold one
     * ({@link NulCharacters}).
     */
    static Names of(String source, String unsanitisedColumn) {
      return new Names(
          NulCharacters.removeFromText(source),
          SqlName.sanitise(NulCharacters.removeFromText(unsanitisedColumn)));
    }
  }

  private final RowShape shape;
  private final Map<String, Names> attributeNames = new HashMap<>();
  private final Map<String, Names> relationshipNames = new HashMap<>();
  private final Map<String, Map<String, Names>> flattenedNames = new HashMap<>();

  public RowMapper(RowShape shape) {
    this.shape = shape;
  }

  /** Maps a resource held as a tree (it is encoded and read like a message body). */
  public MappedRecord map(ObjectNode resource) {
    return read(resource).row();
  }

  /** Reads a resource held as a tree, as {@link #read(JsonParser, byte[])} reads it from a body. */
  public SourceRecord read(ObjectNode resource) {
    try {
      byte[] body = WireFormat.mapper().writeValueAsBytes(resource);
      try (JsonParser parser = WireFormat.mapper().createParser(body)) {
        parser.nextToken();
        return read(parser, body);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads one resource.
   *
   * @param parser a parser over {@code body} (created by {@code WireFormat.mapper()}), at the
   *     resource's {@code START_OBJECT}; left at its {@code END_OBJECT}
   * @param body the bytes the parser reads, from offset 0
   * @throws JsonParseException when the resource is not a JSON object
   */
  public SourceRecord read(JsonParser parser, byte[] body) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new JsonParseException(parser, "a record must be a JSON object");
    }
    int start = (int) parser.currentTokenLocation().getByteOffset();
    String recordId = null;
    List<Field> relationships = List.of();
    List<Field> attributes = List.of();
    JsonNode meta = null;
    // A repeated member replaces the earlier value in its place, as in a tree.
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String member = parser.currentName();
      JsonToken token = parser.nextToken();
      switch (member) {
        case "id" -> recordId = token == JsonToken.VALUE_NULL ? null : asText(parser, token);
        case "relationships" -> relationships = relationships(parser, token);
        case "attributes" -> attributes = attributes(parser, token, body);
        case "meta" -> meta = parser.readValueAsTree();
        default -> parser.skipChildren();
      }
    }
    int end = (int) parser.currentLocation().getByteOffset();
    List<Field> fields = new ArrayList<>(1 + relationships.size() + attributes.size());
    if (recordId != null) {
      fields.add(Field.of("id", "id", ColumnType.TEXT, TextNode.valueOf(recordId)));
    }
    fields.addAll(relationships);
    fields.addAll(attributes);
    return new SourceRecord(new MappedRecord(recordId, fields), meta, body, start, end);
  }

  private List<Field> relationships(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return List.of();
    }
    Map<String, Field> byName = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      byName.put(name, toOne(name, parser, parser.nextToken()));
    }
    List<Field> fields = new ArrayList<>(byName.size());
    for (Field field : byName.values()) {
      if (field != null) {
        fields.add(field);
      }
    }
    return fields;
  }

  /** The id of a to-one relationship; null for anything else (to-many ones have own tables). */
  private Field toOne(String name, JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return null;
    }
    boolean toOne = false;
    String targetId = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      boolean isData = parser.currentName().equals("data");
      JsonToken data = parser.nextToken();
      if (!isData) {
        parser.skipChildren();
      } else if (data == JsonToken.VALUE_NULL) {
        toOne = true;
        targetId = null;
      } else if (data == JsonToken.START_OBJECT) {
        toOne = true;
        targetId = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          boolean isId = parser.currentName().equals("id");
          JsonToken id = parser.nextToken();
          if (isId) {
            targetId = id == JsonToken.VALUE_NULL ? null : asText(parser, id);
          } else {
            parser.skipChildren();
          }
        }
      } else {
        toOne = false; // an array (to-many) or a scalar
        parser.skipChildren();
      }
    }
    if (!toOne) {
      return null;
    }
    Names names =
        relationshipNames.computeIfAbsent(
            name, n -> Names.of(RELATIONSHIP_SOURCE_PREFIX + n + ".data.id", n + "_id"));
    return targetId == null
        ? Field.of(names.source(), names.column(), null, null)
        : Field.of(names.source(), names.column(), ColumnType.TEXT, TextNode.valueOf(targetId));
  }

  private List<Field> attributes(JsonParser parser, JsonToken token, byte[] body)
      throws IOException {
    if (token != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return List.of();
    }
    Map<String, Object> byName = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_OBJECT && shape.flattenedObjects().contains(name)) {
        byName.put(name, flatten(name, parser, body));
      } else {
        Names names = attributeNames.computeIfAbsent(name, n -> Names.of(n, n));
        byName.put(name, field(names, parser, value, body));
      }
    }
    List<Field> fields = new ArrayList<>(byName.size() + 4);
    for (Object mapped : byName.values()) {
      if (mapped instanceof Field field) {
        fields.add(field);
      } else {
        @SuppressWarnings("unchecked")
        List<Field> members = (List<Field>) mapped;
        fields.addAll(members);
      }
    }
    return fields;
  }

  private List<Field> flatten(String objectName, JsonParser parser, byte[] body)
      throws IOException {
    Map<String, Names> namesByMember =
        flattenedNames.computeIfAbsent(objectName, n -> new HashMap<>());
    Map<String, Field> byMember = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String member = parser.currentName();
      JsonToken value = parser.nextToken();
      Names names =
          namesByMember.computeIfAbsent(
              member, m -> Names.of(objectName + "." + m, objectName + "_" + m));
      byMember.put(member, field(names, parser, value, body));
    }
    return new ArrayList<>(byMember.values());
  }

  private Field field(Names names, JsonParser parser, JsonToken token, byte[] body)
      throws IOException {
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      int from = (int) parser.currentTokenLocation().getByteOffset();
      parser.skipChildren();
      int to = (int) parser.currentLocation().getByteOffset();
      return Field.json(
          names.source(),
          names.column(),
          new String(body, from, to - from, StandardCharsets.UTF_8));
    }
    JsonNode value = scalar(parser, token);
    if (token == JsonToken.VALUE_STRING && shape.datetimeAttributes().contains(names.source())) {
      Instant datetime = Field.parseDatetime(value.textValue());
      if (datetime != null) {
        return Field.datetime(names.source(), names.column(), value, datetime);
      }
    }
    return Field.of(names.source(), names.column(), typeOf(token, value), value);
  }

  /** A scalar as the tree decoder would hold it (null for a JSON null). */
  private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> TextNode.valueOf(parser.getText());
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> IntNode.valueOf(parser.getIntValue());
            case LONG -> LongNode.valueOf(parser.getLongValue());
            default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
          };
      // The decimal of the number's text, digit for digit (a double would round it).
      case VALUE_NUMBER_FLOAT -> DecimalNode.valueOf(parser.getDecimalValue());
      case VALUE_TRUE -> BooleanNode.TRUE;
      case VALUE_FALSE -> BooleanNode.FALSE;
      case VALUE_NULL -> null;
      default -> throw new JsonParseException(parser, "unexpected " + token);
    };
  }

  /** The value as a tree's {@code asText()} gives it: objects and arrays give "". */
  private static String asText(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      parser.skipChildren();
      return "";
    }
    return scalar(parser, token).asText();
  }

  private static ColumnType typeOf(JsonToken token, JsonNode value) {
    return switch (token) {
      case VALUE_STRING -> ColumnType.TEXT;
      case VALUE_NUMBER_INT -> value.canConvertToLong() ? ColumnType.BIGINT : ColumnType.NUMERIC;
      case VALUE_NUMBER_FLOAT -> ColumnType.NUMERIC;
      case VALUE_TRUE, VALUE_FALSE -> ColumnType.BOOLEAN;
      default -> null;
    };
  }
}
