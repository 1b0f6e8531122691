package io.kvsync.scheduler.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.scheduler.pipeline.PipelineObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipResyncTest {

  private static final Instant NOW = Instant.parse("2026-07-01T00:00:00Z");
  private static final Duration WEEK = Duration.ofDays(7);
  private static final List<String> MEMBERSHIPS = List.of("profile_list_v2", "profile_segment_v2");

  private static PipelineObject object(String name, boolean historicalDone, Instant lastFull) {
    PipelineObject o = new PipelineObject();
    o.object = name;
    o.historicalDone = historicalDone;
    o.lastFullSyncAt = lastFull;
    return o;
  }

  @Test
  void membershipTablesAreReadWholeOnceAWeekAfterTheirFirstLoad() {
    assertTrue(
        JobLauncher.fullReadDue(
            object("profile_list_v2", true, NOW.minus(WEEK)), NOW, WEEK, MEMBERSHIPS));
    assertTrue(
        JobLauncher.fullReadDue(object("profile_segment_v2", true, null), NOW, WEEK, MEMBERSHIPS));
    assertFalse(
        JobLauncher.fullReadDue(
            object("profile_list_v2", true, NOW.minus(Duration.ofDays(6))),
            NOW,
            WEEK,
            MEMBERSHIPS));
    assertFalse(
        JobLauncher.fullReadDue(object("profile_list_v2", false, null), NOW, WEEK, MEMBERSHIPS),
        "the first load is whole anyway");
    assertFalse(JobLauncher.fullReadDue(object("profile_v2", true, null), NOW, WEEK, MEMBERSHIPS));
  }
}
