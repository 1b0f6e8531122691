package io.kvsync.scheduler.messaging;

import io.kvsync.common.bus.BrokerLoss;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Ends the process once its consumers have lost the broker for good (they do not reconnect in
 * process, see {@link BrokerLoss}): the platform starts a fresh one, and the messages this one held
 * return to their queues.
 */
@ApplicationScoped
public class BrokerWatchdog {

  private static final Logger LOG = Logger.getLogger(BrokerWatchdog.class);

  private final HealthCenter health;
  private final BrokerLoss loss;
  private boolean exiting;

  public BrokerWatchdog(HealthCenter health, SchedulerConfig config) {
    this.health = health;
    this.loss = new BrokerLoss(config.shutdown().brokerLostAfter());
  }

  void watch(@Observes StartupEvent startup, Vertx vertx) {
    vertx.setPeriodic(1000, tick -> check());
  }

  private void check() {
    if (!exiting && loss.observe(health.getLiveness().isOk(), System.nanoTime())) {
      exiting = true;
      LOG.errorf(
          "The broker connection is lost; exiting (code %d) so that a fresh process reconnects"
              + " cleanly. Messages this process held return to their queues.",
          BrokerLoss.EXIT_CODE);
      Quarkus.asyncExit(BrokerLoss.EXIT_CODE);
    }
  }
}
