package io.kvsync.emulator.api.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Klaviyo's datetime text: seconds precision with an explicit offset, e.g.
 * 2024-05-01T00:00:00+00:00.
 */
public final class Timestamps {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static String format(Instant instant) {
    return instant == null ? null : FORMAT.format(instant);
  }

  /** A text that sorts like the instant (for cursors and sort keys); nulls sort first. */
  public static String sortable(Instant instant) {
    if (instant == null) {
      return "";
    }
    return String.format("%015d", instant.getEpochSecond() + 100_000_000_000L);
  }
}
