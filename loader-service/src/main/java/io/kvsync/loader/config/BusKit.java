package io.kvsync.loader.config;

import io.kvsync.common.bus.CancelledJobs;
import io.kvsync.common.bus.Draining;
import io.kvsync.common.bus.RetryPolicy;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The parts of common's bus kit the loader shares between its consumers. */
@Singleton
public class BusKit {

  /** The loader's one bounded retry rule, from {@code kvsync.retry.*}. */
  @Produces
  @Singleton
  RetryPolicy retryPolicy(LoaderConfig config) {
    return new RetryPolicy(
        config.retry().initialBackoff(), config.retry().maxBackoff(), config.retry().giveUpAfter());
  }

  /** The jobs cancelled lately, heard by the control consumer, checked by the batch consumer. */
  @Produces
  @Singleton
  CancelledJobs cancelledJobs() {
    return new CancelledJobs(Clock.systemUTC());
  }

  /** The messages being handled, which a stopping loader lets finish. */
  @Produces
  @Singleton
  Draining draining(LoaderConfig config) {
    return new Draining(config.shutdown().drainTimeout());
  }

  void drainOnShutdown(@Observes ShutdownEvent shutdown, Draining draining) {
    draining.drain();
  }
}
