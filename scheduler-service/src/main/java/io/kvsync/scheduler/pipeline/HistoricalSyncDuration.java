package io.kvsync.scheduler.pipeline;

import io.kvsync.scheduler.rest.ApiProblem;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** How far back the first load of a time-based object reaches: a period, or everything. */
public final class HistoricalSyncDuration {

  public static final String DEFAULT = "P3M";
  public static final String ALL = "ALL";
  static final String RULE =
      "historical_sync_duration must be an ISO-8601 period such as P3M, P1Y or P30D, or ALL";

  /** What OpenAPI states: ALL, or an ISO-8601 period of years, months, weeks and days. */
  public static final String PATTERN = "^(ALL|P([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?)$";

  /** Longer periods reach before Klaviyo existed anyway: ALL says that plainly. */
  static final Period LONGEST = Period.ofYears(100);

  /** Klaviyo has no data older than this; {@code ALL} starts here. */
  public static final Instant BEGINNING = Instant.parse("2012-01-01T00:00:00Z");

  private HistoricalSyncDuration() {}

  /** Returns the canonical form: {@code ALL} or the period as ISO-8601. */
  public static String canonical(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    String trimmed = value.trim();
    if (ALL.equalsIgnoreCase(trimmed)) {
      return ALL;
    }
    Period period;
    try {
      period = Period.parse(trimmed);
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalid("source.historical_sync_duration", RULE + "; got " + value);
    }
    if (period.isNegative() || period.isZero()) {
      throw ApiProblem.invalid(
          "source.historical_sync_duration", RULE + " (longer than zero); got " + value);
    }
    if (!withinLongest(period)) {
      throw ApiProblem.invalid(
          "source.historical_sync_duration",
          RULE + " (at most " + LONGEST + "; ALL reads everything); got " + value);
    }
    return period.toString();
  }

  private static boolean withinLongest(Period period) {
    java.time.LocalDate origin = java.time.LocalDate.of(2000, 1, 1);
    try {
      return !origin.plus(period).isAfter(origin.plus(LONGEST));
    } catch (DateTimeException | ArithmeticException e) {
      return false;
    }
  }

  /** Where the historical load of a pipeline whose run starts at {@code syncStart} begins. */
  public static Instant start(String canonical, Instant syncStart) {
    if (ALL.equals(canonical)) {
      return BEGINNING;
    }
    Instant start;
    try {
      start = syncStart.atOffset(ZoneOffset.UTC).minus(Period.parse(canonical)).toInstant();
    } catch (DateTimeException e) {
      // A value stored before the bound existed, reaching past the calendar: everything.
      return BEGINNING;
    }
    return start.isBefore(BEGINNING) ? BEGINNING : start;
  }
}
