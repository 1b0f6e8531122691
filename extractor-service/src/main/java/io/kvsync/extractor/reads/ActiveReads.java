package io.kvsync.extractor.reads;

import io.kvsync.common.bus.CancelledJobs;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.extractor.config.ExtractorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Every read running in this process, and the two signals that stop them early: a cancelled job,
 * and the extractor shutting down.
 *
 * <p>On SIGTERM Quarkus first runs its shutdown listeners ({@code quarkus.shutdown.delay} when
 * {@code quarkus.shutdown.delay-enabled}, then the HTTP drain bounded by {@code
 * quarkus.shutdown.timeout}), then fires {@link ShutdownEvent} and waits for its observers, and
 * only then destroys the application scope, which is when the RabbitMQ connector closes its
 * channels. So the drain runs here, in a ShutdownEvent observer: the channels are still open, and
 * the outcomes and acks of the stopping reads still reach the broker.
 */
@ApplicationScoped
public class ActiveReads {

  private static final Logger LOG = Logger.getLogger(ActiveReads.class);

  private final Duration maxReadDuration;
  private final Duration drainTimeout;
  private final CancelledJobs cancelledJobs = new CancelledJobs(Clock.systemUTC());
  private final Set<ActiveRead> running = new LinkedHashSet<>();
  private boolean draining;

  @Inject
  public ActiveReads(ExtractorConfig config) {
    this(config.extraction().maxReadDuration(), config.shutdown().drainTimeout());
  }

  ActiveReads(Duration maxReadDuration, Duration drainTimeout) {
    this.maxReadDuration = maxReadDuration;
    this.drainTimeout = drainTimeout;
  }

  /**
   * Registers a read of a delivered command. A read of a cancelled job, or one begun while the
   * extractor drains, is asked to stop at once: the caller sees it in {@link
   * ActiveRead#stopRequested()} before reading anything. {@link #end} must follow.
   */
  public ActiveRead begin(SyncCommand command) {
    ActiveRead read = new ActiveRead(command, maxReadDuration, signalExecutor());
    synchronized (this) {
      if (cancelledJobs.isCancelled(command.jobId())) {
        read.requestStop(StopReason.CANCELLED);
      } else if (draining) {
        read.requestStop(StopReason.SHUTDOWN);
      }
      running.add(read);
    }
    return read;
  }

  /** The read is over and its command settled (acked, dead-lettered or left to return). */
  public synchronized void end(ActiveRead read) {
    running.remove(read);
    notifyAll();
  }

  /** Remembers the cancelled job and stops its running reads at their next page boundary. */
  public void cancelJob(UUID jobId) {
    List<ActiveRead> ofJob = new ArrayList<>();
    synchronized (this) {
      cancelledJobs.cancel(jobId);
      for (ActiveRead read : running) {
        if (jobId.equals(read.command().jobId())) {
          ofJob.add(read);
        }
      }
    }
    LOG.infof("Job %s was cancelled: stopping its %d running reads", jobId, ofJob.size());
    // Outside the lock: a stop signal runs the read's next step.
    ofJob.forEach(read -> read.requestStop(StopReason.CANCELLED));
  }

  void drainOnShutdown(@Observes ShutdownEvent event) {
    try {
      drain(drainTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while draining the running reads");
    }
  }

  /**
   * Stops every running read at its next page boundary and waits until each has reported and
   * settled its command, or the timeout passed; reads begun from now on are not read.
   */
  void drain(Duration timeout) throws InterruptedException {
    List<ActiveRead> stopping;
    synchronized (this) {
      draining = true;
      stopping = List.copyOf(running);
    }
    LOG.infof("Shutting down: stopping %d running reads at their next page", stopping.size());
    stopping.forEach(read -> read.requestStop(StopReason.SHUTDOWN));
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!running.isEmpty()) {
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
          LOG.warnf(
              "Drain timeout %s passed with %d reads still running (%s): their commands return to"
                  + " the queue",
              timeout, running.size(), running);
          return;
        }
        wait(remainingMillis);
      }
    }
    LOG.info("Every running read stopped and settled its command");
  }

  /** The caller's event loop, so a stop signal continues the read where its pages are handled. */
  private static Executor signalExecutor() {
    Context context = Vertx.currentContext();
    if (context == null) {
      return Runnable::run;
    }
    return task -> context.runOnContext(ignored -> task.run());
  }
}
