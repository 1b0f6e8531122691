package io.kvsync.scheduler.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kvsync.scheduler.rest.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PipelineRulesTest {

  @Test
  void frequenciesAreThirtyMinutesOrWholeHoursFromOneToTwentyFour() {
    assertEquals(Duration.ofMinutes(30), Frequency.parse("PT30M"));
    assertEquals(Duration.ofHours(1), Frequency.parse("PT1H"));
    assertEquals(Duration.ofHours(24), Frequency.parse("PT24H"));
    assertEquals(Duration.ofHours(6), Frequency.parse(null));
    assertEquals(Duration.ofHours(1), Frequency.parse("PT60M"));
    assertEquals(Duration.ofHours(2), Frequency.parse("pt2h"));
    assertEquals(Duration.ofHours(24), Frequency.parse("P1D"));
    for (String refused :
        new String[] {
          "PT1H30M",
          "PT25H",
          "PT15M",
          "PT0H",
          "P1D2H",
          "6h",
          // Seconds, whole or fractional, are never part of a frequency.
          "PT1H0.5S",
          "PT3600S",
          "PT1H0S",
          "PT0.5H",
          "PT-1H"
        }) {
      ApiProblem problem = assertThrows(ApiProblem.class, () -> Frequency.parse(refused));
      assertEquals(
          "frequency must be PT30M (30 minutes) or a whole number of hours from PT1H to PT24H;"
              + " got "
              + refused,
          problem.getMessage());
      assertEquals(422, problem.status());
    }
  }

  @Test
  void historicalDurationsArePeriodsOrAll() {
    assertEquals("P3M", HistoricalSyncDuration.canonical(null));
    assertEquals("ALL", HistoricalSyncDuration.canonical("all"));
    assertEquals("P1Y", HistoricalSyncDuration.canonical("P1Y"));
    ApiProblem problem =
        assertThrows(ApiProblem.class, () -> HistoricalSyncDuration.canonical("3 months"));
    assertEquals(
        "historical_sync_duration must be an ISO-8601 period such as P3M, P1Y or P30D, or ALL;"
            + " got 3 months",
        problem.getMessage());
    assertThrows(ApiProblem.class, () -> HistoricalSyncDuration.canonical("P0D"));
    assertEquals(
        Instant.parse("2026-04-01T00:00:00Z"),
        HistoricalSyncDuration.start("P3M", Instant.parse("2026-07-01T00:00:00Z")));
  }
}
