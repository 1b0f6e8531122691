package io.kvsync.emulator.api.resources;

import io.kvsync.emulator.api.json.AttributeWriter;
import io.kvsync.emulator.api.json.RelationshipWriter;
import io.kvsync.emulator.api.json.ResourceKind;
import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.data.Event;
import java.io.IOException;

/** {@code type "event"}; the profile and metric relationships always carry their ids. */
public final class EventKind implements ResourceKind<Event> {

  private final Dataset data;

  public EventKind(Dataset data) {
    this.data = data;
  }

  @Override
  public String type() {
    return "event";
  }

  @Override
  public String collection() {
    return "events";
  }

  @Override
  public String id(Event item) {
    return item.id();
  }

  @Override
  public void attributes(Event e, AttributeWriter out) throws IOException {
    out.number("timestamp", e.timestamp());
    out.json("event_properties", e.properties());
    out.instant("datetime", e.datetime());
    out.string("uuid", e.uuid());
  }

  @Override
  public void relationships(Event e, RelationshipWriter out) throws IOException {
    var profile = data.profiles().find(e.profileId()).orElse(null);
    if (profile != null) {
      out.toOne("profile", ProfileKind.PLAIN, new ProfileKind.Row(profile, null));
    } else {
      out.toOneId("profile", "profile", e.profileId());
    }
    var metric = data.metrics().find(e.metricId()).orElse(null);
    if (metric != null) {
      out.toOne("metric", MetricKind.INSTANCE, metric);
    } else {
      out.toOneId("metric", "metric", e.metricId());
    }
    out.emptyToMany("attributions");
  }
}
