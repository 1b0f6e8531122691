package io.kvsync.common.bus;

import java.time.Duration;

/**
 * Decides when a service that lost the broker should exit. Consumers do not reconnect in process:
 * after a reconnection the RabbitMQ clients either acknowledge deliveries of the old channel on the
 * new one (which the broker answers by closing it, or which acknowledges another message) or stop
 * delivering. A fresh process starts clean instead: once the consumers have been connected and then
 * stay disconnected for {@code grace}, the service exits with {@link #EXIT_CODE} and its platform
 * (Kubernetes, Compose, the local runner) starts it again. Messages it held return to their queues.
 */
public final class BrokerLoss {

  /** EX_TEMPFAIL: a temporary failure; run again. */
  public static final int EXIT_CODE = 75;

  private final long graceNanos;
  private boolean everConnected;
  private long downSinceNanos = -1;

  public BrokerLoss(Duration grace) {
    this.graceNanos = grace.toNanos();
  }

  /**
   * @param connected whether every consumer is connected now
   * @return true once the service should exit
   */
  public synchronized boolean observe(boolean connected, long nowNanos) {
    if (connected) {
      everConnected = true;
      downSinceNanos = -1;
      return false;
    }
    if (!everConnected) {
      return false;
    }
    if (downSinceNanos < 0) {
      downSinceNanos = nowNanos;
    }
    return nowNanos - downSinceNanos >= graceNanos;
  }
}
