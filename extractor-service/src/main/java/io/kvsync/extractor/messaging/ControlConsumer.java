package io.kvsync.extractor.messaging;

import io.kvsync.common.bus.CancelledJobs;
import io.kvsync.extractor.reads.ActiveReads;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes RunCancelled broadcasts through a queue of this process only: every extractor hears
 * every cancellation. The running reads of the job stop at their next page and its commands still
 * queued are acked unread.
 */
@ApplicationScoped
public class ControlConsumer {

  private final ActiveReads reads;

  public ControlConsumer(ActiveReads reads) {
    this.reads = reads;
  }

  @Incoming(Channels.CONTROL)
  public Uni<Void> consume(Message<?> message) {
    CancelledJobs.cancelledBy(message.getPayload()).ifPresent(reads::cancelJob);
    return Uni.createFrom().completionStage(message.ack());
  }
}
