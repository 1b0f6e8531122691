package io.kvsync.scheduler.messaging;

import io.kvsync.common.contract.DeletionSweep;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.scheduler.job.CommandSink;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/** Publishes commands with publisher confirms: each Uni completes when the broker confirmed. */
@ApplicationScoped
public class BusPublisher implements CommandSink {

  private static final String JSON = "application/json";
  private static final int PERSISTENT = 2;

  @Inject
  @Channel(Channels.COMMANDS)
  MutinyEmitter<byte[]> commands;

  @Inject
  @Channel(Channels.SWEEPS)
  MutinyEmitter<byte[]> sweeps;

  @Inject
  @Channel(Channels.REPLAYS)
  MutinyEmitter<byte[]> replays;

  @Override
  public Uni<Void> publish(RecordBatch batch) {
    return replays.sendMessage(
        message(WireFormat.encode(batch), Channels.LOAD_ROUTING_KEY, batch.batchId()));
  }

  @Override
  public Uni<Void> publish(SyncCommand command) {
    return commands.sendMessage(
        message(WireFormat.encode(command), Channels.EXTRACT_ROUTING_KEY, command.commandId()));
  }

  @Override
  public Uni<Void> publish(DeletionSweep sweep) {
    return sweeps.sendMessage(
        message(WireFormat.encode(sweep), Channels.SWEEP_ROUTING_KEY, sweep.sweepId()));
  }

  private static Message<byte[]> message(byte[] body, String routingKey, UUID messageId) {
    OutgoingRabbitMQMetadata metadata =
        OutgoingRabbitMQMetadata.builder()
            .withRoutingKey(routingKey)
            .withContentType(JSON)
            .withDeliveryMode(PERSISTENT)
            .withMessageId(messageId.toString())
            .build();
    return Message.of(body, Metadata.of(metadata));
  }
}
