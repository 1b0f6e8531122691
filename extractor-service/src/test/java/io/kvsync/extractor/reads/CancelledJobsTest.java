package io.kvsync.extractor.reads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CancelledJobsTest {

  private Instant now = Instant.parse("2026-07-01T00:00:00Z");
  private final CancelledJobs jobs =
      new CancelledJobs(
          new Clock() {
            @Override
            public ZoneOffset getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now;
            }
          });

  @Test
  void aCancelledJobIsRememberedForAnHourThenForgotten() {
    UUID job = UUID.randomUUID();
    jobs.remember(job);
    now = now.plus(Duration.ofMinutes(59));
    assertTrue(jobs.contains(job));
    assertFalse(jobs.contains(UUID.randomUUID()));
    now = now.plus(Duration.ofMinutes(1));
    assertFalse(jobs.contains(job), "forgotten after an hour");
    assertEquals(0, jobs.size());
  }

  @Test
  void cancellingAgainRestartsTheHour() {
    UUID job = UUID.randomUUID();
    jobs.remember(job);
    now = now.plus(Duration.ofMinutes(50));
    jobs.remember(job);
    now = now.plus(Duration.ofMinutes(50));
    assertTrue(jobs.contains(job));
  }

  @Test
  void atMostTenThousandAreKeptTheOldestGoFirst() {
    List<UUID> cancelled = new ArrayList<>();
    for (int i = 0; i < CancelledJobs.REMEMBERED_AT_MOST + 5; i++) {
      UUID job = UUID.randomUUID();
      cancelled.add(job);
      jobs.remember(job);
    }
    assertEquals(CancelledJobs.REMEMBERED_AT_MOST, jobs.size());
    assertFalse(jobs.contains(cancelled.get(4)));
    assertTrue(jobs.contains(cancelled.get(5)));
    assertTrue(jobs.contains(cancelled.get(cancelled.size() - 1)));
  }
}
