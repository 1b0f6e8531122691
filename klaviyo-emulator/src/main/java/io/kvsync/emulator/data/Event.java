package io.kvsync.emulator.data;

import java.time.Instant;
import java.util.Map;

/** An event; generated ones exist only while a page is written. */
public record Event(
    String id,
    String metricId,
    String profileId,
    Instant datetime,
    String uuid,
    Map<String, Object> properties) {

  public long timestamp() {
    return datetime.getEpochSecond();
  }
}
