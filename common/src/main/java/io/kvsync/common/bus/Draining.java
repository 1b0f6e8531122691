package io.kvsync.common.bus;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Lets the messages being handled finish when a service stops. Quarkus fires its {@code
 * ShutdownEvent} before it destroys the application scope, and the RabbitMQ connector closes its
 * connections (and the database pools close) only then: so while a service's shutdown observer
 * calls {@link #drain()}, work commits, reports are confirmed and messages are acknowledged as
 * usual. Messages that arrive meanwhile are not started; like those still being handled when the
 * wait ends, they are never acknowledged, and return to the queue when the connection closes.
 */
public final class Draining {

  private static final Logger LOG = Logger.getLogger(Draining.class);

  private final Duration drainTimeout;
  private final Object lock = new Object();
  private int inFlight;
  private boolean stopping;

  public Draining(Duration drainTimeout) {
    this.drainTimeout = drainTimeout;
  }

  /**
   * Handles one message, unless the loader is stopping. Never fails: a failure here would stop the
   * channel, and a message that could be neither acknowledged nor rejected goes back to the queue
   * with its connection anyway.
   */
  public Uni<Void> handle(Supplier<Uni<Void>> handling) {
    synchronized (lock) {
      if (stopping) {
        // Held, not requeued: requeued now, it would come straight back to this consumer.
        return Uni.createFrom().nothing();
      }
      inFlight++;
    }
    return Uni.createFrom()
        .deferred(handling::get)
        .onFailure()
        .invoke(failure -> LOG.errorf(failure, "Handling a message failed"))
        .onFailure()
        .recoverWithNull()
        .eventually(this::finished);
  }

  /**
   * Stops starting messages and waits, at most {@code kvsync.shutdown.drain-timeout}, for those
   * being handled.
   *
   * @return how many were still being handled when the wait ended
   */
  public int drain() {
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    synchronized (lock) {
      stopping = true;
      if (inFlight > 0) {
        LOG.infof(
            "Stopping: waiting at most %s for %d messages being handled", drainTimeout, inFlight);
      }
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.warnf(
              "Stopping with %d messages still being handled: they are not acknowledged and"
                  + " return to the queue",
              inFlight);
          break;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return inFlight;
    }
  }

  private void finished() {
    synchronized (lock) {
      inFlight--;
      lock.notifyAll();
    }
  }
}
