package io.kvsync.extractor.messaging;

import io.kvsync.extractor.config.ExtractorConfig;
import io.kvsync.extractor.reads.ActiveRead;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A read's signs of life: one when it starts, then one per {@code heartbeat-interval} until it
 * ends, each with what it published so far. A heartbeat that fails is logged; it never fails the
 * read (the next one says the same, and later).
 */
@ApplicationScoped
public class Heartbeats {

  private static final Logger LOG = Logger.getLogger(Heartbeats.class);

  private final Vertx vertx;
  private final BusPublisher publisher;
  private final Duration interval;

  public Heartbeats(Vertx vertx, BusPublisher publisher, ExtractorConfig config) {
    this.vertx = vertx;
    this.publisher = publisher;
    this.interval = config.extraction().heartbeatInterval();
  }

  /**
   * Starts the read's periodic heartbeats; the caller sends the first with {@link Timer#first()}.
   */
  public Timer start(ActiveRead read) {
    return new Timer(read);
  }

  /** The heartbeats of one read. */
  public final class Timer {

    private final ActiveRead read;
    private final long timerId;
    private boolean stopped;

    private Timer(ActiveRead read) {
      this.read = read;
      this.timerId = vertx.setPeriodic(interval.toMillis(), id -> beat());
    }

    /**
     * Sends the heartbeat that says the read started; completes once it is confirmed or given up
     * (after one interval), never fails.
     */
    public Uni<Void> first() {
      return send();
    }

    /** No heartbeat is handed to the broker after this returns (none follows the outcome). */
    public synchronized void stop() {
      stopped = true;
      vertx.cancelTimer(timerId);
    }

    private synchronized void beat() {
      if (!stopped) {
        // Handed to the connector inside the lock, so it cannot overtake the outcome.
        send().subscribe().with(ignored -> {});
      }
    }

    private Uni<Void> send() {
      return publisher
          .publish(read.heartbeat())
          .ifNoItem()
          .after(interval)
          .failWith(() -> new IllegalStateException("not confirmed within " + interval))
          .onFailure()
          .recoverWithItem(
              failure -> {
                LOG.warnf("Heartbeat of %s not sent: %s", read, failure.getMessage());
                return null;
              });
    }
  }
}
