package io.kvsync.loader.messaging;

import io.kvsync.common.bus.CancelledJobs;
import io.kvsync.common.bus.Draining;
import io.kvsync.common.bus.MessageBodies;
import io.kvsync.common.contract.BatchHeaders;
import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.BatchRef;
import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.Refusal;
import io.kvsync.common.logging.RunContext;
import io.kvsync.loader.config.LoaderConfig;
import io.kvsync.loader.failure.RefusedException;
import io.kvsync.loader.load.BatchLoader;
import io.kvsync.loader.load.IncomingBatch;
import io.kvsync.loader.metrics.LoaderMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@link RecordBatch}es. Every batch gets a report: loaded (acknowledged after the commit
 * and the confirmed report), refused as temporary (acknowledged: the next run reads it again) or
 * refused for good (parked with the reason). A batch whose body cannot be read is reported from its
 * headers; a batch on its last allowed delivery is refused without being tried; a batch of a
 * cancelled job is dropped without a report.
 */
@ApplicationScoped
public class BatchConsumer {

  private static final Logger LOG = Logger.getLogger(BatchConsumer.class);

  private final BatchLoader loader;
  private final Settlement settlement;
  private final Draining draining;
  private final CancelledJobs cancelledJobs;
  private final LoaderMetrics metrics;
  private final int deliveryLimit;
  private final String queue;

  public BatchConsumer(
      BatchLoader loader,
      Settlement settlement,
      Draining draining,
      CancelledJobs cancelledJobs,
      LoaderMetrics metrics,
      LoaderConfig config,
      @ConfigProperty(name = "mp.messaging.incoming.batches.queue.name") String queue) {
    this.loader = loader;
    this.settlement = settlement;
    this.draining = draining;
    this.cancelledJobs = cancelledJobs;
    this.metrics = metrics;
    this.deliveryLimit = config.load().deliveryLimit();
    this.queue = queue;
  }

  @Incoming(Channels.BATCHES)
  public Uni<Void> consume(Message<?> message) {
    return draining.handle(() -> handle(message));
  }

  private Uni<Void> handle(Message<?> message) {
    byte[] body;
    try {
      body = MessageBodies.bytes(message.getPayload());
    } catch (MalformedMessageException e) {
      return settlement.reject(message, e);
    }
    Map<String, Object> headers = Settlement.headersOf(message);
    Optional<BatchRef> announced = BatchHeaders.read(headers);
    if (announced.isPresent() && dropsAsCancelled(announced.get())) {
      return settlement.ack(message);
    }
    int deliveries = previousDeliveries(headers) + 1;
    if (deliveries >= deliveryLimit) {
      // Not tried once more: the broker would drop it after this delivery, unreported.
      return refuse(
          message,
          body,
          announced.or(() -> refOf(body)),
          "The batch was delivered "
              + deliveries
              + " times without loading: a loader stopped while loading it each time");
    }
    IncomingBatch incoming;
    try {
      incoming = IncomingBatch.read(body);
    } catch (MalformedMessageException e) {
      return refuse(message, body, announced, RefusedException.of(e).getMessage());
    }
    RecordBatch batch = incoming.header();
    RunContext.enter(batch.pipelineId(), batch.jobId(), batch.object());
    if (dropsAsCancelled(batch.ref())) {
      return settlement.ack(message);
    }
    return loader.load(incoming).chain(report -> report(message, body, report));
  }

  /** Refuses a batch for good: reported when its reference is known, parked in any case. */
  private Uni<Void> refuse(Message<?> message, byte[] body, Optional<BatchRef> ref, String reason) {
    return ref.map(
            known ->
                report(
                    message,
                    body,
                    BatchLoaded.refused(known, reason, Refusal.PERMANENT, Instant.now())))
        .orElseGet(() -> settlement.park(message, body, queue, reason));
  }

  private Uni<Void> report(Message<?> message, byte[] body, BatchLoaded report) {
    if (report.isRefusal()) {
      LOG.errorf("Batch %s refused (%s): %s", report.batchId(), report.refusal(), report.error());
      metrics.batchFailed(report.object());
    }
    return settlement.report(message, body, queue, report);
  }

  private boolean dropsAsCancelled(BatchRef ref) {
    if (!cancelledJobs.isCancelled(ref.jobId())) {
      return false;
    }
    if (cancelledJobs.firstDrop(ref.jobId())) {
      LOG.infof("Dropping the queued batches of cancelled job %s", ref.jobId());
    }
    return true;
  }

  private static int previousDeliveries(Map<String, Object> headers) {
    Object count = headers.get(Settlement.DELIVERY_COUNT_HEADER);
    if (count instanceof Number number) {
      return number.intValue();
    }
    try {
      return count == null ? 0 : Integer.parseInt(count.toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The reference of a batch that came without headers, read from its body when it decodes. */
  private static Optional<BatchRef> refOf(byte[] body) {
    try {
      return Optional.of(IncomingBatch.read(body).header().ref());
    } catch (MalformedMessageException e) {
      return Optional.empty();
    }
  }
}
