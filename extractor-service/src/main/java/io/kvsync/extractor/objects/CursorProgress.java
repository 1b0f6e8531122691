package io.kvsync.extractor.objects;

import io.kvsync.common.contract.CursorWindow;
import io.kvsync.common.contract.ReadResume;
import java.time.Instant;

/**
 * How far a slice got on its cursor field. Page order is verified, never assumed: only a read whose
 * every record arrived in non-decreasing cursor order may claim a position part-way through its
 * window.
 */
final class CursorProgress {

  private final CursorWindow window;
  private final Instant syncStartedAt;
  private final boolean endpointBoundsWindow;
  private final boolean orderClaimable;
  private Instant maxSeen;
  private Instant lastSeen;
  private boolean arrivedInOrder = true;

  /**
   * @param endpointBoundsWindow whether the request carried {@code less-than(field, window.to)}
   * @param orderClaimable whether the read is one sorted listing, so arrival order can be checked
   */
  CursorProgress(
      CursorWindow window,
      Instant syncStartedAt,
      boolean endpointBoundsWindow,
      boolean orderClaimable) {
    this.window = window;
    this.syncStartedAt = syncStartedAt;
    this.endpointBoundsWindow = endpointBoundsWindow;
    this.orderClaimable = orderClaimable;
  }

  /**
   * Continues from what earlier chunks of the same read saw, so that the last chunk claims a
   * position over the whole read and the order check spans the chunk boundary.
   */
  synchronized void continueFrom(ReadResume resume) {
    maxSeen = resume.maxSeen();
    lastSeen = resume.lastSeen();
    arrivedInOrder = resume.inOrder();
  }

  synchronized Instant maxSeen() {
    return maxSeen;
  }

  synchronized Instant lastSeen() {
    return lastSeen;
  }

  synchronized boolean arrivedInOrder() {
    return arrivedInOrder;
  }

  synchronized void observe(Instant value) {
    if (value == null) {
      return;
    }
    if (lastSeen != null && value.isBefore(lastSeen)) {
      arrivedInOrder = false;
    }
    lastSeen = value;
    if (maxSeen == null || value.isAfter(maxSeen)) {
      maxSeen = value;
    }
  }

  /**
   * Where the next read may start after a complete read: the window's end when the endpoint bounded
   * it, else the highest value seen; never past the sync's start (Klaviyo returns future
   * timestamps).
   */
  synchronized Instant completedPosition() {
    if (endpointBoundsWindow && window != null && window.to() != null) {
      return cap(window.to());
    }
    if (maxSeen != null) {
      Instant reached = cap(maxSeen);
      // Never behind where the window started: that would re-read without need.
      return window != null && window.from() != null && reached.isBefore(window.from())
          ? window.from()
          : reached;
    }
    return window == null ? null : window.from();
  }

  /**
   * Where a read that stopped early (deferred, or a chunk of a longer read) may be checkpointed:
   * the last value seen when everything so far provably arrived in order (the boundary value is
   * re-read, inclusively or through the overlap), else the window's start; never past the sync's
   * start.
   */
  synchronized Instant deferredPosition() {
    Instant start = window == null ? null : window.from();
    if (orderClaimable && arrivedInOrder && maxSeen != null) {
      Instant reached = cap(maxSeen);
      return start != null && reached.isBefore(start) ? start : reached;
    }
    return start;
  }

  private Instant cap(Instant value) {
    return syncStartedAt != null && value.isAfter(syncStartedAt) ? syncStartedAt : value;
  }
}
