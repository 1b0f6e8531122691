package io.kvsync.loader.messaging;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.loader.config.LoaderConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZonedDateTime;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Publishes {@link BatchLoaded} to {@code sync.progress}; completes once the broker confirms. */
@ApplicationScoped
public class ProgressPublisher {

  private static final Logger LOG = Logger.getLogger(ProgressPublisher.class);

  private final MutinyEmitter<byte[]> progress;
  private final LoaderConfig config;

  public ProgressPublisher(
      @Channel(Channels.PROGRESS) MutinyEmitter<byte[]> progress, LoaderConfig config) {
    this.progress = progress;
    this.config = config;
  }

  public Uni<Void> publish(BatchLoaded loaded) {
    OutgoingRabbitMQMetadata metadata =
        OutgoingRabbitMQMetadata.builder()
            .withRoutingKey("loaded." + loaded.object())
            .withContentType("application/json")
            .withDeliveryMode(2)
            .withMessageId(String.valueOf(loaded.batchId()))
            .withTimestamp(ZonedDateTime.now())
            .build();
    return Uni.createFrom()
        .deferred(
            () -> progress.sendMessage(Message.of(WireFormat.encode(loaded)).addMetadata(metadata)))
        .onFailure()
        .invoke(
            f ->
                LOG.warnf(
                    "Publishing BatchLoaded %s failed, will retry: %s",
                    loaded.batchId(), f.toString()))
        .onFailure()
        .retry()
        .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
        .indefinitely();
  }
}
