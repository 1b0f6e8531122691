package io.kvsync.extractor.reads;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The jobs cancelled lately, so that their commands still queued are acked without being read. A
 * cancellation is broadcast once; commands of the job still in the queue arrive within minutes, so
 * an hour is plenty, and the number kept is bounded whatever the rate of cancellations.
 */
final class CancelledJobs {

  static final Duration REMEMBERED_FOR = Duration.ofHours(1);
  static final int REMEMBERED_AT_MOST = 10_000;

  private final Clock clock;
  private final Map<UUID, Instant> cancelledAt = new LinkedHashMap<>();

  CancelledJobs(Clock clock) {
    this.clock = clock;
  }

  synchronized void remember(UUID jobId) {
    forgetExpired();
    cancelledAt.remove(jobId);
    cancelledAt.put(jobId, clock.instant());
    if (cancelledAt.size() > REMEMBERED_AT_MOST) {
      Iterator<UUID> oldest = cancelledAt.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  synchronized boolean contains(UUID jobId) {
    forgetExpired();
    return jobId != null && cancelledAt.containsKey(jobId);
  }

  synchronized int size() {
    return cancelledAt.size();
  }

  /** Entries are in cancellation order: the expired ones are at the front. */
  private void forgetExpired() {
    Instant horizon = clock.instant().minus(REMEMBERED_FOR);
    Iterator<Instant> times = cancelledAt.values().iterator();
    while (times.hasNext() && !times.next().isAfter(horizon)) {
      times.remove();
    }
  }
}
