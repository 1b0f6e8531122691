package io.kvsync.loader.messaging;

import io.kvsync.common.bus.ConfirmedPublisher;
import io.kvsync.common.bus.RetryPolicy;
import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.Refusal;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * How an incoming message ends, always after its report is confirmed: acknowledged once loaded (or
 * refused as temporary: the next run reads the data again), parked with its reason once refused for
 * good. Nothing is acknowledged that is neither committed nor reported.
 */
@ApplicationScoped
public class Settlement {

  /** The header of a parked message that says why it was parked. */
  public static final String REASON_HEADER = "x-kvsync-reason";

  /** Set by quorum queues on a redelivery: how many deliveries came before. */
  static final String DELIVERY_COUNT_HEADER = "x-delivery-count";

  private static final Logger LOG = Logger.getLogger(Settlement.class);

  private final ProgressPublisher progress;
  private final ConfirmedPublisher parked;

  public Settlement(
      ProgressPublisher progress,
      @Channel(Channels.PARKED) MutinyEmitter<byte[]> parked,
      RetryPolicy retry) {
    this.progress = progress;
    this.parked = new ConfirmedPublisher(parked, retry);
  }

  /**
   * Publishes {@code report}, then settles the message it answers. A report the broker does not
   * confirm sends the message back to the queue, to be handled (and reported) again.
   *
   * @param queue the queue the message came from, which names its dead-letter queue
   */
  public Uni<Void> report(Message<?> message, byte[] body, String queue, BatchLoaded report) {
    return progress
        .publish(report)
        .replaceWith(true)
        .onFailure()
        .recoverWithUni(failure -> requeue(message, failure).replaceWith(false))
        .chain(
            reported -> {
              if (!reported) {
                return Uni.createFrom().voidItem();
              }
              return report.refusal() == Refusal.PERMANENT
                  ? park(message, body, queue, report.error())
                  : ack(message);
            });
  }

  /**
   * Parks a copy of the message, its headers and {@code reason} into the queue's dead-letter queue,
   * then acknowledges it. If the copy is not confirmed, the message is rejected instead: the broker
   * dead-letters it, without the reason.
   */
  public Uni<Void> park(Message<?> message, byte[] body, String queue, String reason) {
    LOG.errorf("Parking a message of %s in %s.dlq: %s", queue, queue, reason);
    Map<String, Object> headers = new HashMap<>(headersOf(message));
    // A copy put back in the queue by hand starts afresh, not on its last delivery.
    headers.remove(DELIVERY_COUNT_HEADER);
    headers.put(REASON_HEADER, reason);
    String messageId =
        message
            .getMetadata(IncomingRabbitMQMetadata.class)
            .flatMap(IncomingRabbitMQMetadata::getMessageId)
            .orElseGet(() -> "parked/" + UUID.randomUUID());
    return parked
        .publish(body, queue, messageId, headers)
        .chain(() -> ack(message))
        .onFailure()
        .recoverWithUni(failure -> reject(message, failure));
  }

  /** Rejects the message without requeueing it: the broker dead-letters it. */
  public Uni<Void> reject(Message<?> message, Throwable reason) {
    LOG.errorf("Rejecting a message into its dead-letter queue: %s", reason.toString());
    return Uni.createFrom().completionStage(message.nack(reason));
  }

  public Uni<Void> ack(Message<?> message) {
    return Uni.createFrom().completionStage(message.ack());
  }

  static Map<String, Object> headersOf(Message<?> message) {
    return message
        .getMetadata(IncomingRabbitMQMetadata.class)
        .map(IncomingRabbitMQMetadata::getHeaders)
        .orElse(Map.of());
  }

  private static Uni<Void> requeue(Message<?> message, Throwable failure) {
    LOG.warnf("The report was not confirmed, the message goes back to the queue: %s", failure);
    return Uni.createFrom()
        .completionStage(message.nack(failure, Metadata.of(new RabbitMQRejectMetadata(true))));
  }
}
