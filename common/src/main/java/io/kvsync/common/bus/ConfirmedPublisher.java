package io.kvsync.common.bus;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Publishes persistent JSON messages on one channel whose connector has {@code publish-confirms}:
 * the returned Uni completes once the broker confirmed the message. A broker that refuses or is
 * away is retried within the policy's bound; then the failure is the caller's to handle.
 */
public final class ConfirmedPublisher {

  private static final Logger LOG = Logger.getLogger(ConfirmedPublisher.class);
  private static final String JSON = "application/json";
  private static final int PERSISTENT = 2;

  private final MutinyEmitter<byte[]> emitter;
  private final RetryPolicy retry;

  public ConfirmedPublisher(MutinyEmitter<byte[]> emitter, RetryPolicy retry) {
    this.emitter = emitter;
    this.retry = retry;
  }

  public Uni<Void> publish(byte[] body, String routingKey, String messageId) {
    return publish(body, routingKey, messageId, Map.of());
  }

  public Uni<Void> publish(
      byte[] body, String routingKey, String messageId, Map<String, Object> headers) {
    OutgoingRabbitMQMetadata.Builder metadata =
        OutgoingRabbitMQMetadata.builder()
            .withRoutingKey(routingKey)
            .withContentType(JSON)
            .withDeliveryMode(PERSISTENT)
            .withMessageId(messageId)
            .withTimestamp(ZonedDateTime.now(ZoneOffset.UTC));
    headers.forEach(metadata::withHeader);
    Message<byte[]> message = Message.of(body, Metadata.of(metadata.build()));
    return retry.run(
        () ->
            emitter
                .sendMessage(message)
                .onFailure()
                .invoke(
                    failure ->
                        LOG.warnf(
                            "Publishing %s (%s) was not confirmed: %s",
                            messageId, routingKey, failure.toString())),
        failure -> true);
  }
}
