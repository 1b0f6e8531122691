package io.kvsync.extractor.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kvsync.common.contract.CursorWindow;
import io.kvsync.common.contract.ReadResume;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CursorProgressTest {

  private static final Instant FROM = Instant.parse("2026-07-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-07-08T00:00:00Z");
  private static final Instant SYNC_START = Instant.parse("2026-07-10T00:00:00Z");

  @Test
  void aBoundedWindowEndsAtItsEnd() {
    CursorProgress progress =
        new CursorProgress(new CursorWindow("datetime", FROM, TO), SYNC_START, true, true);
    progress.observe(FROM.plusSeconds(5));
    assertEquals(TO, progress.completedPosition());
  }

  @Test
  void anUnboundedReadEndsAtTheHighestValueSeen() {
    CursorProgress progress =
        new CursorProgress(new CursorWindow("updated", FROM, null), SYNC_START, false, false);
    progress.observe(FROM.plusSeconds(50));
    progress.observe(FROM.plusSeconds(10));
    assertEquals(FROM.plusSeconds(50), progress.completedPosition());
  }

  @Test
  void aFutureTimestampNeverMovesTheCursorPastTheSyncStart() {
    CursorProgress progress =
        new CursorProgress(new CursorWindow("updated", FROM, null), SYNC_START, false, false);
    progress.observe(Instant.parse("2030-01-01T00:00:00Z"));
    assertEquals(SYNC_START, progress.completedPosition());
  }

  @Test
  void nothingSeenKeepsTheWindowStart() {
    CursorProgress progress =
        new CursorProgress(new CursorWindow("updated", FROM, null), SYNC_START, false, false);
    assertEquals(FROM, progress.completedPosition());
    assertNull(new CursorProgress(null, SYNC_START, false, false).completedPosition());
  }

  @Test
  void aDeferredSortedReadResumesAtTheLastValueItSaw() {
    CursorProgress progress =
        new CursorProgress(new CursorWindow("datetime", FROM, TO), SYNC_START, true, true);
    progress.observe(FROM.plusSeconds(1));
    progress.observe(FROM.plusSeconds(1));
    progress.observe(FROM.plusSeconds(9));
    assertEquals(FROM.plusSeconds(9), progress.deferredPosition());
  }

  @Test
  void aDeferredReadThatArrivedOutOfOrderClaimsNoProgress() {
    CursorProgress progress =
        new CursorProgress(new CursorWindow("datetime", FROM, TO), SYNC_START, true, true);
    progress.observe(FROM.plusSeconds(9));
    progress.observe(FROM.plusSeconds(3));
    assertEquals(FROM, progress.deferredPosition());
  }

  @Test
  void aDeferredReadOfManyListingsClaimsNoProgress() {
    CursorProgress progress =
        new CursorProgress(new CursorWindow("joined_group_at", FROM, TO), SYNC_START, true, false);
    progress.observe(FROM.plusSeconds(9));
    assertEquals(FROM, progress.deferredPosition());
  }

  @Test
  void aLaterChunkContinuesTheOrderCheckAndTheHighestValueOfTheEarlierOnes() {
    CursorWindow window = new CursorWindow("updated", FROM, null);
    CursorProgress first = new CursorProgress(window, SYNC_START, false, true);
    first.observe(FROM.plusSeconds(10));
    first.observe(FROM.plusSeconds(20));
    ReadResume resume =
        new ReadResume(0, null, null, "next", first.maxSeen(), first.lastSeen(), true);

    CursorProgress inOrder = new CursorProgress(window, SYNC_START, false, true);
    inOrder.continueFrom(resume);
    inOrder.observe(FROM.plusSeconds(30));
    assertEquals(FROM.plusSeconds(30), inOrder.deferredPosition());

    CursorProgress backwards = new CursorProgress(window, SYNC_START, false, true);
    backwards.continueFrom(resume);
    backwards.observe(FROM.plusSeconds(15));
    assertEquals(FROM, backwards.deferredPosition(), "out of order across the chunk boundary");
    assertEquals(FROM.plusSeconds(20), backwards.completedPosition(), "the earlier chunk's high");
  }
}
