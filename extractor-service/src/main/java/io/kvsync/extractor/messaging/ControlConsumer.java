package io.kvsync.extractor.messaging;

import io.kvsync.common.bus.MessageBodies;
import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.contract.RunCancelled;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.extractor.reads.ActiveReads;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes RunCancelled broadcasts through a queue of this process only: every extractor hears
 * every cancellation. The running reads of the job stop at their next page and its commands still
 * queued are acked unread.
 */
@ApplicationScoped
public class ControlConsumer {

  private static final Logger LOG = Logger.getLogger(ControlConsumer.class);

  private final ActiveReads reads;

  public ControlConsumer(ActiveReads reads) {
    this.reads = reads;
  }

  @Incoming(Channels.CONTROL)
  public Uni<Void> consume(Message<?> message) {
    try {
      RunCancelled cancelled =
          WireFormat.decode(MessageBodies.bytes(message.getPayload()), RunCancelled.class);
      if (cancelled.jobId() != null) {
        reads.cancelJob(cancelled.jobId());
      }
    } catch (MalformedMessageException e) {
      // A broadcast has no one to report to, and no dead-letter queue: dropped with the reason.
      LOG.errorf("Dropping a control message that cannot be decoded: %s", e.getMessage());
    }
    return Uni.createFrom().completionStage(message.ack());
  }
}
