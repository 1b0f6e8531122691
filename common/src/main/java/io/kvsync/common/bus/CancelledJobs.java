package io.kvsync.common.bus;

import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.contract.RunCancelled;
import io.kvsync.common.contract.WireFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The jobs cancelled lately, heard from the scheduler's {@link RunCancelled} broadcasts: their work
 * still in the queues (commands, batches) is dropped rather than done. A job is remembered for
 * {@link #REMEMBERED_FOR}, by then its queued work is long consumed; at most {@link
 * #MOST_REMEMBERED} jobs are kept, the oldest forgotten first, so that a burst of cancellations
 * cannot grow a worker's memory.
 */
public final class CancelledJobs {

  private static final Logger LOG = Logger.getLogger(CancelledJobs.class);

  public static final Duration REMEMBERED_FOR = Duration.ofHours(1);
  public static final int MOST_REMEMBERED = 10_000;

  private final Clock clock;

  /**
   * Job → when it was cancelled and whether dropping one of its batches was logged; oldest first.
   */
  private final LinkedHashMap<UUID, Cancellation> cancelled = new LinkedHashMap<>();

  private static final class Cancellation {
    private final Instant at;
    private boolean dropLogged;

    Cancellation(Instant at) {
      this.at = at;
    }
  }

  public CancelledJobs(Clock clock) {
    this.clock = clock;
  }

  public synchronized void cancel(UUID jobId) {
    forgetExpired();
    if (cancelled.containsKey(jobId)) {
      return;
    }
    cancelled.put(jobId, new Cancellation(clock.instant()));
    if (cancelled.size() > MOST_REMEMBERED) {
      cancelled.remove(cancelled.keySet().iterator().next());
    }
  }

  public synchronized boolean isCancelled(UUID jobId) {
    forgetExpired();
    return jobId != null && cancelled.containsKey(jobId);
  }

  /**
   * Notes that a batch of the cancelled job was dropped.
   *
   * @return true the first time for the job, so that it is logged once, not once per batch
   */
  public synchronized boolean firstDrop(UUID jobId) {
    Cancellation cancellation = cancelled.get(jobId);
    if (cancellation == null || cancellation.dropLogged) {
      return false;
    }
    cancellation.dropLogged = true;
    return true;
  }

  public synchronized int size() {
    return cancelled.size();
  }

  private void forgetExpired() {
    Instant horizon = clock.instant().minus(REMEMBERED_FOR);
    for (Iterator<Map.Entry<UUID, Cancellation>> oldest = cancelled.entrySet().iterator();
        oldest.hasNext(); ) {
      if (!oldest.next().getValue().at.isBefore(horizon)) {
        return; // insertion order is time order: the rest is younger
      }
      oldest.remove();
    }
  }

  /**
   * The job a control broadcast cancels; empty (and logged) for a broadcast that cannot be read,
   * which has nobody to report to and no dead-letter queue.
   */
  public static Optional<UUID> cancelledBy(Object payload) {
    try {
      RunCancelled cancelled = WireFormat.decode(MessageBodies.bytes(payload), RunCancelled.class);
      return Optional.ofNullable(cancelled.jobId());
    } catch (MalformedMessageException e) {
      LOG.warnf("Ignoring a control message that cannot be read: %s", e.getMessage());
      return Optional.empty();
    }
  }
}
