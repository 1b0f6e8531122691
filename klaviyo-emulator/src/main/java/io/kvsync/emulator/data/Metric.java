package io.kvsync.emulator.data;

import java.time.Instant;
import java.util.Map;

/** A metric; {@code integration} is free-form JSON (id, key, name, category). */
public record Metric(
    String id, String name, Instant created, Instant updated, Map<String, Object> integration) {

  public Object integrationValue(String key) {
    return integration == null ? null : integration.get(key);
  }

  public Metric renamed(String newName, Instant when) {
    return new Metric(id, newName, created, when, integration);
  }
}
