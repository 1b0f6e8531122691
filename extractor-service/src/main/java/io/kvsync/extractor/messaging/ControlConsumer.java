package io.kvsync.extractor.messaging;

import io.kvsync.common.bus.CancelledJobs;
import io.kvsync.common.contract.RateShares;
import io.kvsync.extractor.klaviyo.KlaviyoClient;
import io.kvsync.extractor.reads.ActiveReads;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes the scheduler's broadcasts through a queue of this process only, so every extractor
 * hears each one. On RunCancelled the running reads of the job stop at their next page and its
 * commands still queued are acked unread; on RateShares the reads of that Klaviyo key here take
 * their new share of its budget.
 */
@ApplicationScoped
public class ControlConsumer {

  private final ActiveReads reads;
  private final KlaviyoClient klaviyo;

  public ControlConsumer(ActiveReads reads, KlaviyoClient klaviyo) {
    this.reads = reads;
    this.klaviyo = klaviyo;
  }

  @Incoming(Channels.CONTROL)
  public Uni<Void> consume(Message<?> message) {
    RateShares.announcedBy(message.getPayload()).ifPresent(klaviyo::sharesAnnounced);
    CancelledJobs.cancelledBy(message.getPayload()).ifPresent(reads::cancelJob);
    return Uni.createFrom().completionStage(message.ack());
  }
}
