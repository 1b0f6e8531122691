package io.kvsync.loader.messaging;

import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.logging.RunContext;
import io.kvsync.loader.load.BatchLoader;
import io.kvsync.loader.load.IncomingBatch;
import io.kvsync.loader.metrics.LoaderMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@link RecordBatch}es. The message is acknowledged only after the destination
 * transaction committed and the broker confirmed the {@code BatchLoaded}; a batch no retry can load
 * is rejected, which dead-letters it.
 */
@ApplicationScoped
public class BatchConsumer {

  private static final Logger LOG = Logger.getLogger(BatchConsumer.class);

  private final BatchLoader loader;
  private final ProgressPublisher progress;
  private final LoaderMetrics metrics;

  public BatchConsumer(BatchLoader loader, ProgressPublisher progress, LoaderMetrics metrics) {
    this.loader = loader;
    this.progress = progress;
    this.metrics = metrics;
  }

  @Incoming(Channels.BATCHES)
  public Uni<Void> consume(Message<?> message) {
    IncomingBatch incoming;
    try {
      incoming = IncomingBatch.read(Payloads.bytes(message.getPayload()));
    } catch (RuntimeException e) {
      return deadLetter(message, "undecodable batch", e, null);
    }
    RecordBatch batch = incoming.header();
    RunContext.enter(batch.pipelineId(), batch.jobId(), batch.object());
    return loader
        .load(incoming)
        .chain(progress::publish)
        .chain(() -> Uni.createFrom().completionStage(message.ack()))
        .onFailure()
        .recoverWithUni(e -> refuse(message, batch, e));
  }

  /**
   * Tells the scheduler the batch will never load (so its slice fails visibly), then rejects it.
   */
  private Uni<Void> refuse(Message<?> message, RecordBatch batch, Throwable reason) {
    return progress
        .publish(BatchLoader.refused(batch, reason))
        .chain(() -> deadLetter(message, "batch " + batch.batchId(), reason, batch.object()));
  }

  private Uni<Void> deadLetter(Message<?> message, String what, Throwable reason, String object) {
    LOG.errorf("Dead-lettering %s: %s", what, reason.getMessage());
    if (object != null) {
      metrics.batchFailed(object);
    }
    return Uni.createFrom().completionStage(message.nack(reason));
  }
}
