package io.kvsync.loader.load;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.common.catalogue.RowShape;
import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.rows.RowMapper;
import io.kvsync.common.rows.SourceRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RecordBatch} as the loader reads it: the header decoded as usual, the records read
 * straight from the message bytes into rows (no JSON trees), when the batch's object is known.
 *
 * @param header the batch without its records ({@code header.records()} is not used)
 * @param hasRecords whether the message carried a {@code records} array
 * @param records the records read, in message order; empty when the object is unknown
 * @param bytes the size of the message body
 */
public record IncomingBatch(
    RecordBatch header, boolean hasRecords, List<SourceRecord> records, long bytes) {

  private static final String RECORDS = "records";

  /** A batch held as trees (its records are read as they would be from a message body). */
  public static IncomingBatch of(RecordBatch batch, long bytes) {
    List<SourceRecord> read = new ArrayList<>();
    if (batch.records() != null) {
      shapeOf(batch.object())
          .ifPresent(
              shape -> {
                RowMapper mapper = new RowMapper(shape);
                batch.records().forEach(record -> read.add(mapper.read(record)));
              });
    }
    return new IncomingBatch(batch, batch.records() != null, read, bytes);
  }

  /**
   * Decodes a message body.
   *
   * @throws MalformedMessageException when the body is not a valid {@code RecordBatch}
   */
  public static IncomingBatch read(byte[] body) {
    try {
      ObjectNode header = WireFormat.mapper().createObjectNode();
      List<SourceRecord> records = null;
      boolean recordsLater = false;
      try (JsonParser parser = WireFormat.mapper().createParser(body)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw new JsonParseException(parser, "a RecordBatch must be a JSON object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String member = parser.currentName();
          parser.nextToken();
          if (!member.equals(RECORDS)) {
            header.set(member, parser.readValueAsTree());
          } else if (header.hasNonNull("object")) {
            // The usual order (records last): read them on the way.
            records = readRecords(parser, body, header.get("object").asText());
            recordsLater = false;
          } else {
            parser.skipChildren();
            recordsLater = true;
          }
        }
      }
      RecordBatch batch = WireFormat.mapper().treeToValue(header, RecordBatch.class);
      if (recordsLater) {
        records = readRecordsAgain(body, batch.object());
      }
      return new IncomingBatch(
          batch, records != null, records == null ? List.of() : records, body.length);
    } catch (IOException | IllegalArgumentException e) {
      throw new MalformedMessageException("Not a valid RecordBatch: " + e.getMessage(), e);
    }
  }

  /** Records that came before the batch's object: found again once the object is known. */
  private static List<SourceRecord> readRecordsAgain(byte[] body, String object)
      throws IOException {
    try (JsonParser parser = WireFormat.mapper().createParser(body)) {
      parser.nextToken();
      List<SourceRecord> records = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean isRecords = parser.currentName().equals(RECORDS);
        parser.nextToken();
        if (isRecords) {
          records = readRecords(parser, body, object);
        } else {
          parser.skipChildren();
        }
      }
      return records;
    }
  }

  /**
   * @return null for a JSON null, as the tree decoder gives
   */
  private static List<SourceRecord> readRecords(JsonParser parser, byte[] body, String object)
      throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_ARRAY) {
      throw new JsonParseException(parser, "records must be an array");
    }
    Optional<RowShape> shape = shapeOf(object);
    RowMapper mapper = shape.map(RowMapper::new).orElse(null);
    List<SourceRecord> records = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(parser, "a record must be a JSON object");
      }
      if (mapper == null) {
        parser.skipChildren(); // an unknown object is refused once the header is checked
      } else {
        records.add(mapper.read(parser, body));
      }
    }
    return records;
  }

  private static Optional<RowShape> shapeOf(String object) {
    return object == null
        ? Optional.empty()
        : ObjectCatalogue.find(object).map(ObjectDefinition::shape);
  }
}
