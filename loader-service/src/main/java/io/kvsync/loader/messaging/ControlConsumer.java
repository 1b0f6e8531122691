package io.kvsync.loader.messaging;

import io.kvsync.common.bus.CancelledJobs;
import io.kvsync.common.contract.RunCancelled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes the scheduler's {@link RunCancelled} broadcasts, through a queue of this instance only,
 * so that every loader learns of every cancellation.
 */
@ApplicationScoped
public class ControlConsumer {

  private static final Logger LOG = Logger.getLogger(ControlConsumer.class);

  private final CancelledJobs cancelledJobs;

  public ControlConsumer(CancelledJobs cancelledJobs) {
    this.cancelledJobs = cancelledJobs;
  }

  @Incoming(Channels.CONTROL)
  public Uni<Void> consume(Message<?> message) {
    CancelledJobs.cancelledBy(message.getPayload())
        .ifPresent(
            job -> {
              cancelledJobs.cancel(job);
              LOG.infof("Job %s was cancelled: its queued batches will be dropped", job);
            });
    return Uni.createFrom().completionStage(message.ack());
  }
}
