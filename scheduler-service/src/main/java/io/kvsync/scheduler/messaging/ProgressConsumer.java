package io.kvsync.scheduler.messaging;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.logging.RunContext;
import io.kvsync.scheduler.job.ErrorClassifier;
import io.kvsync.scheduler.job.ProgressTracker;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes extractor and loader reports. A report is acked only after its effect is committed;
 * transient failures are retried here with backoff, undecodable reports are dead-lettered.
 */
@ApplicationScoped
public class ProgressConsumer {

  private static final Logger LOG = Logger.getLogger(ProgressConsumer.class);

  @Inject ProgressTracker tracker;

  @Incoming(Channels.PROGRESS)
  public Uni<Void> onProgress(Message<?> message) {
    String routingKey =
        message
            .getMetadata(IncomingRabbitMQMetadata.class)
            .map(IncomingRabbitMQMetadata::getRoutingKey)
            .orElse("");
    Uni<Void> work;
    try {
      work = apply(routingKey, bytes(message.getPayload()));
    } catch (MalformedMessageException e) {
      LOG.errorf("Dead-lettering a progress report (%s): %s", routingKey, e.getMessage());
      return Uni.createFrom().completionStage(message.nack(e));
    }
    return work.onFailure(ErrorClassifier::isTransient)
        .invoke(
            f -> LOG.warnf("Retrying a progress report (%s) after: %s", routingKey, f.toString()))
        .onFailure(ErrorClassifier::isTransient)
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(10))
        .indefinitely()
        .onItemOrFailure()
        .transformToUni(
            (ignored, failure) -> {
              if (failure == null) {
                return Uni.createFrom().completionStage(message.ack());
              }
              LOG.errorf(failure, "Dead-lettering a progress report (%s)", routingKey);
              return Uni.createFrom().completionStage(message.nack(failure));
            });
  }

  private Uni<Void> apply(String routingKey, byte[] body) {
    if (routingKey.startsWith(Channels.EXTRACTED_PREFIX)) {
      SliceExtracted report = WireFormat.decode(body, SliceExtracted.class);
      RunContext.enter(report.pipelineId(), report.jobId(), report.object());
      return tracker.sliceExtracted(report);
    }
    if (routingKey.startsWith(Channels.LOADED_PREFIX)) {
      BatchLoaded report = WireFormat.decode(body, BatchLoaded.class);
      RunContext.enter(report.pipelineId(), report.jobId(), report.object());
      return tracker.batchLoaded(report);
    }
    throw new MalformedMessageException("Unexpected routing key '" + routingKey + "'", null);
  }

  /** The connector hands JSON bodies over as JSON objects, others as buffers or bytes. */
  static byte[] bytes(Object payload) {
    if (payload instanceof byte[] raw) {
      return raw;
    }
    if (payload instanceof Buffer buffer) {
      return buffer.getBytes();
    }
    if (payload instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
      return buffer.getBytes();
    }
    if (payload instanceof JsonObject json) {
      return json.toBuffer().getBytes();
    }
    if (payload instanceof JsonArray json) {
      return json.toBuffer().getBytes();
    }
    if (payload instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    throw new MalformedMessageException(
        "Unsupported payload type " + (payload == null ? "null" : payload.getClass().getName()),
        null);
  }
}
