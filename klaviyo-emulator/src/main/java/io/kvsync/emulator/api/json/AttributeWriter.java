package io.kvsync.emulator.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kvsync.emulator.api.json.FieldSelection.Coverage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes a resource's attributes, leaving out what a sparse fieldset does not select. */
public final class AttributeWriter {

  /** Writes the members of a nested object. */
  @FunctionalInterface
  public interface Members {
    void write(AttributeWriter out) throws IOException;
  }

  private final JsonGenerator json;
  private final FieldSelection selection;
  private final String prefix;
  private final boolean whole;

  public AttributeWriter(JsonGenerator json, FieldSelection selection) {
    this(json, selection, "", selection.everything());
  }

  private AttributeWriter(
      JsonGenerator json, FieldSelection selection, String prefix, boolean whole) {
    this.json = json;
    this.selection = selection;
    this.prefix = prefix;
    this.whole = whole;
  }

  private Coverage coverage(String name) {
    return whole ? Coverage.WHOLE : selection.coverage(prefix + name);
  }

  public void string(String name, String value) throws IOException {
    if (coverage(name) == Coverage.NONE) {
      return;
    }
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeStringField(name, value);
    }
  }

  public void instant(String name, Instant value) throws IOException {
    string(name, Timestamps.format(value));
  }

  public void number(String name, Number value) throws IOException {
    if (coverage(name) == Coverage.NONE) {
      return;
    }
    json.writeFieldName(name);
    writeValue(json, value);
  }

  public void bool(String name, Boolean value) throws IOException {
    if (coverage(name) == Coverage.NONE) {
      return;
    }
    json.writeFieldName(name);
    writeValue(json, value);
  }

  /** A nested object whose members may be selected one by one ({@code location.city}). */
  public void object(String name, Members members) throws IOException {
    Coverage coverage = coverage(name);
    if (coverage == Coverage.NONE) {
      return;
    }
    json.writeObjectFieldStart(name);
    members.write(
        new AttributeWriter(json, selection, prefix + name + ".", coverage == Coverage.WHOLE));
    json.writeEndObject();
  }

  /** Free-form JSON (maps, lists, strings, numbers, booleans, null), selected as a whole. */
  public void json(String name, Object value) throws IOException {
    if (coverage(name) == Coverage.NONE) {
      return;
    }
    json.writeFieldName(name);
    writeValue(json, value);
  }

  public static void writeValue(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof String s) {
      json.writeString(s);
    } else if (value instanceof Integer || value instanceof Long) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigDecimal decimal) {
      json.writeNumber(decimal); // every digit, as given through the admin API
    } else if (value instanceof BigInteger integer) {
      json.writeNumber(integer);
    } else if (value instanceof Number n) {
      json.writeNumber(n.doubleValue());
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else if (value instanceof Instant i) {
      json.writeString(Timestamps.format(i));
    } else if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        json.writeFieldName(entry.getKey().toString());
        writeValue(json, entry.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof List<?> list) {
      json.writeStartArray();
      for (Object item : list) {
        writeValue(json, item);
      }
      json.writeEndArray();
    } else {
      json.writeString(value.toString());
    }
  }
}
