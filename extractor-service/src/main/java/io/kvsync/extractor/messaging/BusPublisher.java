package io.kvsync.extractor.messaging;

import io.kvsync.common.bus.ConfirmedPublisher;
import io.kvsync.common.bus.RetryPolicy;
import io.kvsync.common.contract.BatchHeaders;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceHeartbeat;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.extractor.config.ExtractorConfig;
import io.kvsync.extractor.objects.BatchSink;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes batches, slice outcomes and heartbeats with publisher confirms: each returned Uni
 * completes once the broker confirmed the message.
 */
@ApplicationScoped
public class BusPublisher implements BatchSink {

  private final ConfirmedPublisher batches;
  private final ConfirmedPublisher progress;
  private final ConfirmedPublisher heartbeats;

  public BusPublisher(
      @Channel(Channels.BATCHES) MutinyEmitter<byte[]> batches,
      @Channel(Channels.PROGRESS) MutinyEmitter<byte[]> progress,
      ExtractorConfig config) {
    ExtractorConfig.Retry bound = config.retry();
    RetryPolicy retry =
        new RetryPolicy(bound.initialBackoff(), bound.maxBackoff(), bound.giveUpAfter());
    this.batches = new ConfirmedPublisher(batches, retry);
    this.progress = new ConfirmedPublisher(progress, retry);
    // Never retried: the next heartbeat says the same, and later.
    this.heartbeats =
        new ConfirmedPublisher(
            progress, new RetryPolicy(bound.initialBackoff(), bound.maxBackoff(), Duration.ZERO));
  }

  /**
   * Publishes a batch. It is encoded on a worker thread: a batch may carry a record of up to 128
   * MiB, and writing it out must not hold up the event loop's other reads and heartbeats.
   */
  @Override
  public Uni<Void> publish(RecordBatch batch) {
    return Uni.createFrom()
        .item(() -> WireFormat.encode(batch))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .chain(
            body ->
                batches.publish(
                    body,
                    Channels.LOAD_ROUTING_KEY,
                    batch.batchId().toString(),
                    BatchHeaders.of(batch.ref())));
  }

  public Uni<Void> publish(SliceExtracted outcome) {
    return progress.publish(
        WireFormat.encode(outcome),
        Channels.progressRoutingKey(outcome.object()),
        outcome.commandId() + "/" + outcome.readId());
  }

  public Uni<Void> publish(SliceHeartbeat heartbeat) {
    return heartbeats.publish(
        WireFormat.encode(heartbeat),
        Channels.heartbeatRoutingKey(heartbeat.object()),
        heartbeat.readId() + "/" + heartbeat.at().toEpochMilli());
  }
}
