package io.kvsync.scheduler.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.catalogue.SyncMode;
import io.kvsync.common.contract.SyncKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlicePlannerTest {

  private static final Instant START = Instant.parse("2026-07-01T12:00:00Z");
  private final SlicePlanner planner =
      new SlicePlanner(Set.of("event_v2"), Duration.ofDays(7), Duration.ofMinutes(10));

  private static SlicePlanner.Target object(
      String table, SyncMode mode, String cursor, String derivedFrom) {
    return new SlicePlanner.Target(table, mode, cursor, derivedFrom != null);
  }

  private static final SlicePlanner.Target EVENTS =
      object("event_v2", SyncMode.INCREMENTAL, "datetime", null);
  private static final SlicePlanner.Target PROFILES =
      object("profile_v2", SyncMode.INCREMENTAL, "updated", null);

  @Test
  void firstLoadOfEventsIsCutIntoSevenDayWindowsFromTheHistoricalDurationToTheRunStart() {
    List<SlicePlanner.PlannedSlice> slices = planner.plan(EVENTS, null, false, "P3M", START, false);

    Instant from = Instant.parse("2026-04-01T12:00:00Z");
    assertEquals(from, slices.get(0).window().from());
    assertEquals(from.plus(Duration.ofDays(7)), slices.get(0).window().to());
    assertEquals(START, slices.get(slices.size() - 1).window().to());
    assertEquals(13, slices.size(), "91 days in 7-day windows");
    for (int i = 1; i < slices.size(); i++) {
      assertEquals(slices.get(i - 1).window().to(), slices.get(i).window().from(), "contiguous");
    }
    assertTrue(slices.stream().allMatch(s -> s.kind() == SyncKind.HISTORICAL));
    assertEquals("datetime", slices.get(0).window().field());
  }

  @Test
  void anInterruptedFirstLoadResumesFromItsCheckpoint() {
    Instant checkpoint = START.minus(Duration.ofDays(10));
    List<SlicePlanner.PlannedSlice> slices =
        planner.plan(EVENTS, checkpoint, false, "P3M", START, false);
    assertEquals(checkpoint, slices.get(0).window().from());
    assertEquals(2, slices.size());
  }

  @Test
  void allHistoryStartsAtKlaviyosBeginning() {
    List<SlicePlanner.PlannedSlice> slices = planner.plan(EVENTS, null, false, "ALL", START, false);
    assertEquals(Instant.parse("2012-01-01T00:00:00Z"), slices.get(0).window().from());
  }

  @Test
  void anIncrementalRunOfEventsReReadsTheLookbackBeforeTheCursor() {
    Instant cursor = START.minus(Duration.ofHours(6));
    List<SlicePlanner.PlannedSlice> slices =
        planner.plan(EVENTS, cursor, true, "P3M", START, false);
    assertEquals(1, slices.size());
    assertEquals(SyncKind.INCREMENTAL, slices.get(0).kind());
    assertEquals(cursor.minus(Duration.ofMinutes(10)), slices.get(0).window().from());
    assertEquals(START, slices.get(0).window().to());
  }

  @Test
  void entityObjectsLoadWholeOnTheFirstRunAndFromTheCursorAfter() {
    List<SlicePlanner.PlannedSlice> first =
        planner.plan(PROFILES, null, false, "P3M", START, false);
    assertEquals(1, first.size());
    assertNull(first.get(0).window().from());
    assertEquals(SyncKind.HISTORICAL, first.get(0).kind());

    Instant cursor = START.minus(Duration.ofHours(1));
    List<SlicePlanner.PlannedSlice> next =
        planner.plan(PROFILES, cursor, true, "P3M", START, false);
    assertEquals(cursor, next.get(0).window().from());
    assertEquals(SyncKind.INCREMENTAL, next.get(0).kind());
  }

  @Test
  void entityWindowsStayOpenAboveSoFutureDatedRecordsAreNotHidden() {
    assertNull(planner.plan(PROFILES, null, false, "P3M", START, false).get(0).window().to());
    Instant cursor = START.minus(Duration.ofHours(1));
    assertNull(planner.plan(PROFILES, cursor, true, "P3M", START, false).get(0).window().to());
  }

  @Test
  void fullLoadObjectsAndDueMembershipResyncsReadEverything() {
    SlicePlanner.Target metrics = object("metric_v2", SyncMode.FULL_LOAD, null, null);
    assertEquals(
        SyncKind.FULL, planner.plan(metrics, null, true, "P3M", START, false).get(0).kind());
    SlicePlanner.Target members = object("profile_list_v2", SyncMode.INCREMENTAL, "joined", null);
    List<SlicePlanner.PlannedSlice> resync =
        planner.plan(members, START.minus(Duration.ofHours(1)), true, "P3M", START, true);
    assertEquals(SyncKind.FULL, resync.get(0).kind());
    assertNull(resync.get(0).window());
  }

  @Test
  void derivedObjectsGetNoSlicesOfTheirOwn() {
    SlicePlanner.Target derived =
        object("campaign_utm_param_v2", SyncMode.INCREMENTAL, null, "campaign_v2");
    assertTrue(planner.plan(derived, null, false, "P3M", START, false).isEmpty());
  }
}
