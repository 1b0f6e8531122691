package io.kvsync.scheduler.pipeline;

import io.kvsync.scheduler.rest.ApiProblem;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The ingestion frequencies the product offers: 30 minutes, or a whole number of hours 1–24. */
public final class Frequency {

  public static final String DEFAULT = "PT6H";
  static final String RULE =
      "frequency must be PT30M (30 minutes) or a whole number of hours from PT1H to PT24H";

  /**
   * ISO-8601 in hours and minutes only (or P1D): a seconds part, whole or fractional, is refused
   * ({@code PT1H0.5S} would otherwise count as a whole hour). OpenAPI states this pattern.
   */
  public static final String PATTERN = "^(PT([0-9]+H)?([0-9]+M)?|P1D)$";

  private static final Pattern HOURS_AND_MINUTES = Pattern.compile(PATTERN);

  private Frequency() {}

  /**
   * @return the canonical ISO-8601 form, e.g. {@code PT6H}
   * @throws ApiProblem naming the rule when the value is not an offered frequency
   */
  public static Duration parse(String value) {
    if (value == null || value.isBlank()) {
      return Duration.parse(DEFAULT);
    }
    String text = value.trim().toUpperCase(Locale.ROOT);
    if (!HOURS_AND_MINUTES.matcher(text).matches()) {
      throw ApiProblem.invalid("frequency", RULE + "; got " + value);
    }
    Duration duration;
    try {
      duration = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalid("frequency", RULE + "; got " + value);
    }
    boolean halfHour = duration.equals(Duration.ofMinutes(30));
    boolean wholeHours =
        duration.toSeconds() % 3600 == 0 && duration.toHours() >= 1 && duration.toHours() <= 24;
    if (!halfHour && !wholeHours) {
      throw ApiProblem.invalid("frequency", RULE + "; got " + value);
    }
    return duration;
  }
}
