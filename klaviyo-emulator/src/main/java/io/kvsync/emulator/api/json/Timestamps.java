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
    if (instant == null) {
      return null;
    }
    long seconds = instant.getEpochSecond();
    if (seconds < 0 || seconds >= 253402300800L) {
      return FORMAT.format(instant);
    }
    // Hand-rolled for the hot path: events format one datetime each.
    java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    char[] out = "0000-00-00T00:00:00+00:00".toCharArray();
    digits(out, 0, t.getYear(), 4);
    digits(out, 5, t.getMonthValue(), 2);
    digits(out, 8, t.getDayOfMonth(), 2);
    digits(out, 11, t.getHour(), 2);
    digits(out, 14, t.getMinute(), 2);
    digits(out, 17, t.getSecond(), 2);
    return new String(out);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      out[at + i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** A text that sorts like the instant (for cursors and sort keys); nulls sort first. */
  public static String sortable(Instant instant) {
    if (instant == null) {
      return "";
    }
    String digits = Long.toString(instant.getEpochSecond() + 100_000_000_000L);
    return "0".repeat(Math.max(0, 15 - digits.length())) + digits;
  }
}
