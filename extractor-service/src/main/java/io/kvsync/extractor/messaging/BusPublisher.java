package io.kvsync.extractor.messaging;

import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.extractor.objects.BatchSink;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes batches and slice outcomes with publisher confirms: each returned Uni completes once
 * the broker confirmed the message (the connector is configured with {@code publish-confirms}).
 */
@ApplicationScoped
public class BusPublisher implements BatchSink {

  private static final String JSON = "application/json";
  private static final int PERSISTENT = 2;

  private final MutinyEmitter<byte[]> batches;
  private final MutinyEmitter<byte[]> progress;

  public BusPublisher(
      @Channel(Channels.BATCHES) MutinyEmitter<byte[]> batches,
      @Channel(Channels.PROGRESS) MutinyEmitter<byte[]> progress) {
    this.batches = batches;
    this.progress = progress;
  }

  @Override
  public Uni<Void> publish(RecordBatch batch) {
    return confirmed(
        batches, WireFormat.encode(batch), Channels.LOAD_ROUTING_KEY, batch.batchId().toString());
  }

  public Uni<Void> publish(SliceExtracted outcome) {
    return confirmed(
        progress,
        WireFormat.encode(outcome),
        Channels.progressRoutingKey(outcome.object()),
        outcome.commandId() + "/" + outcome.attempt());
  }

  private static Uni<Void> confirmed(
      MutinyEmitter<byte[]> emitter, byte[] body, String routingKey, String messageId) {
    OutgoingRabbitMQMetadata metadata =
        OutgoingRabbitMQMetadata.builder()
            .withRoutingKey(routingKey)
            .withContentType(JSON)
            .withDeliveryMode(PERSISTENT)
            .withMessageId(messageId)
            .withTimestamp(ZonedDateTime.now(ZoneOffset.UTC))
            .build();
    // The connector already retries sends; this covers a broker that refuses for a while.
    return Uni.createFrom()
        .deferred(() -> emitter.sendMessage(Message.of(body, Metadata.of(metadata))))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
        .atMost(10);
  }
}
