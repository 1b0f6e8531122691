package io.kvsync.scheduler.pipeline;

import io.kvsync.scheduler.rest.ApiProblem;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The ingestion frequencies the product offers: 30 minutes, or a whole number of hours 1–24. */
public final class Frequency {

  public static final String DEFAULT = "PT6H";
  static final String RULE =
      "frequency must be PT30M (30 minutes) or a whole number of hours from PT1H to PT24H";

  private Frequency() {}

  /**
   * @return the canonical ISO-8601 form, e.g. {@code PT6H}
   * @throws ApiProblem naming the rule when the value is not an offered frequency
   */
  public static Duration parse(String value) {
    if (value == null || value.isBlank()) {
      return Duration.parse(DEFAULT);
    }
    Duration duration;
    try {
      duration = Duration.parse(value.trim());
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
