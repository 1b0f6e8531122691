package io.kvsync.common.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CancelledJobsTest {

  private Instant now = Instant.parse("2026-11-01T10:00:00Z");
  private final CancelledJobs jobs =
      new CancelledJobs(
          new Clock() {
            @Override
            public Instant instant() {
              return now;
            }

            @Override
            public ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
              return this;
            }
          });

  @Test
  void aCancelledJobIsRememberedForAnHour() {
    UUID job = UUID.randomUUID();
    jobs.cancel(job);
    assertTrue(jobs.isCancelled(job));
    assertFalse(jobs.isCancelled(UUID.randomUUID()));

    now = now.plus(CancelledJobs.REMEMBERED_FOR).minusSeconds(1);
    assertTrue(jobs.isCancelled(job));
    now = now.plusSeconds(2);
    assertFalse(jobs.isCancelled(job));
    assertEquals(0, jobs.size());
  }

  @Test
  void droppingIsLoggedOncePerJob() {
    UUID job = UUID.randomUUID();
    jobs.cancel(job);
    assertTrue(jobs.firstDrop(job));
    assertFalse(jobs.firstDrop(job));
    jobs.cancel(job);
    assertFalse(jobs.firstDrop(job), "a repeated broadcast does not log again");
  }

  @Test
  void theOldestAreForgottenBeyondTheBound() {
    UUID first = UUID.randomUUID();
    jobs.cancel(first);
    for (int i = 0; i < CancelledJobs.MOST_REMEMBERED; i++) {
      now = now.plusMillis(1);
      jobs.cancel(UUID.randomUUID());
    }
    assertEquals(CancelledJobs.MOST_REMEMBERED, jobs.size());
    assertFalse(jobs.isCancelled(first));
    assertFalse(jobs.isCancelled(null));
    now = now.plus(Duration.ofHours(2));
    assertFalse(jobs.isCancelled(UUID.randomUUID()));
    assertEquals(0, jobs.size());
  }
}
