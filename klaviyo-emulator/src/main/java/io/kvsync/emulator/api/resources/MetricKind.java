package io.kvsync.emulator.api.resources;

import io.kvsync.emulator.api.json.AttributeWriter;
import io.kvsync.emulator.api.json.RelationshipWriter;
import io.kvsync.emulator.api.json.ResourceKind;
import io.kvsync.emulator.api.json.Timestamps;
import io.kvsync.emulator.data.Metric;
import java.io.IOException;

/** {@code type "metric"}; created/updated are plain ISO strings in the spec. */
public final class MetricKind implements ResourceKind<Metric> {

  public static final MetricKind INSTANCE = new MetricKind();

  @Override
  public String type() {
    return "metric";
  }

  @Override
  public String collection() {
    return "metrics";
  }

  @Override
  public String id(Metric item) {
    return item.id();
  }

  @Override
  public void attributes(Metric m, AttributeWriter out) throws IOException {
    out.string("name", m.name());
    out.string("created", Timestamps.format(m.created()));
    out.string("updated", Timestamps.format(m.updated()));
    out.json("integration", m.integration());
  }

  @Override
  public void relationships(Metric m, RelationshipWriter out) throws IOException {
    out.emptyToMany("flow-triggers");
  }

  /** Values for {@code filter=}. */
  public static Object filterValue(Metric m, String field) {
    return switch (field) {
      case "integration.name" -> m.integrationValue("name");
      case "integration.category" -> m.integrationValue("category");
      default -> null;
    };
  }
}
