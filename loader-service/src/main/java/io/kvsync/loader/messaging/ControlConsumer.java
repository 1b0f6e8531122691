package io.kvsync.loader.messaging;

import io.kvsync.common.bus.MessageBodies;
import io.kvsync.common.contract.RunCancelled;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.loader.control.CancelledJobs;
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
    try {
      RunCancelled cancelled =
          WireFormat.decode(MessageBodies.bytes(message.getPayload()), RunCancelled.class);
      if (cancelled.jobId() != null) {
        cancelledJobs.cancel(cancelled.jobId());
        LOG.infof("Job %s was cancelled: its queued batches will be dropped", cancelled.jobId());
      }
    } catch (RuntimeException e) {
      // A broadcast that means nothing to this loader: nobody else would read it either.
      LOG.warnf("Ignoring an unreadable control message: %s", e.getMessage());
    }
    return Uni.createFrom().completionStage(message.ack());
  }
}
