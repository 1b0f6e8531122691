package io.kvsync.emulator.api.json;

import java.io.IOException;

/** How one JSON:API resource type is written. */
public interface ResourceKind<T> {

  /** The JSON:API type, e.g. {@code metric}. */
  String type();

  /** The collection path segment under {@code /api/}, e.g. {@code metrics}. */
  String collection();

  String id(T item);

  void attributes(T item, AttributeWriter out) throws IOException;

  /** Writes the item's relationships; the default has none. */
  default void relationships(T item, RelationshipWriter out) throws IOException {}

  /** Whether the resource has a {@code relationships} member at all. */
  default boolean hasRelationships() {
    return true;
  }
}
