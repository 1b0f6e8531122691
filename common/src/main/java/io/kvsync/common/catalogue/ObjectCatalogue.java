package io.kvsync.common.catalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The 18 Klaviyo v2 objects, as data. */
public final class ObjectCatalogue {

  private static final Map<String, ObjectDefinition> OBJECTS = new LinkedHashMap<>();

  static {
    add(
        new ObjectDefinition(
            "metric_v2",
            SyncMode.FULL_LOAD,
            List.of("id"),
            null,
            null,
            new EndpointPlan(
                "/api/metrics",
                "metric",
                RateTier.M,
                0,
                null,
                LowerBound.NONE,
                false,
                Map.of(),
                null),
            new RowShape(Set.of("created", "updated"), Set.of())));
  }

  private ObjectCatalogue() {}

  private static void add(ObjectDefinition definition) {
    OBJECTS.put(definition.table(), definition);
  }

  public static List<ObjectDefinition> all() {
    return List.copyOf(OBJECTS.values());
  }

  public static Optional<ObjectDefinition> find(String table) {
    return Optional.ofNullable(OBJECTS.get(table));
  }

  /**
   * @throws IllegalArgumentException naming the known tables when {@code table} is not one
   */
  public static ObjectDefinition get(String table) {
    return find(table)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown object '" + table + "'; known objects: " + OBJECTS.keySet()));
  }
}
