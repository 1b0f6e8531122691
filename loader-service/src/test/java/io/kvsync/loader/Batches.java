package io.kvsync.loader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.WireFormat;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builders of test batches and Klaviyo-shaped resources. */
public final class Batches {

  private Batches() {}

  public static RecordBatch batch(
      String object, String sealedDestination, Instant extractedAt, List<ObjectNode> records) {
    return new RecordBatch(
        RecordBatch.SCHEMA_VERSION,
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        object,
        1,
        UUID.randomUUID(),
        0,
        extractedAt,
        null,
        sealedDestination,
        records);
  }

  /** A metric as {@code GET /api/metrics} returns it. */
  public static ObjectNode metric(String id, String name, String created, String integration) {
    return json(
        """
        {"type":"metric","id":"%s","attributes":{"name":"%s","created":"%s","updated":"%s",
         "integration":{"id":"%s","name":"%s","category":"API"}},
         "relationships":{"flow-triggers":{"links":{"self":"x","related":"y"}}},
         "links":{"self":"https://a.klaviyo.com/api/metrics/%s/"}}
        """
            .formatted(id, name, created, created, integration, integration, id));
  }

  /** A resource of {@code type} with these attributes (values as JSON text). */
  public static ObjectNode resource(String type, String id, String attributesJson) {
    return json(
        "{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"attributes\":" + attributesJson + "}");
  }

  /** A message body back as a batch. */
  public static RecordBatch decode(byte[] body) {
    return WireFormat.decode(body, RecordBatch.class);
  }

  public static ObjectNode json(String text) {
    try {
      return (ObjectNode) WireFormat.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
