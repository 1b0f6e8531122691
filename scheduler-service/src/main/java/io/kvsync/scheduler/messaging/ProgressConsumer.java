package io.kvsync.scheduler.messaging;

import io.kvsync.common.bus.Draining;
import io.kvsync.common.bus.MessageBodies;
import io.kvsync.common.bus.RetryPolicy;
import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceHeartbeat;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.logging.RunContext;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.job.ErrorClassifier;
import io.kvsync.scheduler.job.ProgressTracker;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes extractor and loader reports. A report is acked only after its effect is committed;
 * transient failures are retried with backoff within a bound, then the report is dead-lettered (the
 * slice's lease then issues it again); undecodable reports are dead-lettered at once.
 */
@ApplicationScoped
public class ProgressConsumer {

  private static final Logger LOG = Logger.getLogger(ProgressConsumer.class);

  private final ProgressTracker tracker;
  private final RetryPolicy retry;
  private final Draining draining;

  public ProgressConsumer(ProgressTracker tracker, SchedulerConfig config) {
    this.tracker = tracker;
    this.draining = new Draining(config.shutdown().drainTimeout());
    this.retry =
        new RetryPolicy(
            config.retry().initialBackoff(),
            config.retry().maxBackoff(),
            config.retry().giveUpAfter());
  }

  /** Reports being applied finish before the database pool and the broker connection close. */
  void drainOnShutdown(@Observes ShutdownEvent shutdown) {
    draining.drain();
  }

  @Incoming(Channels.PROGRESS)
  public Uni<Void> onProgress(Message<?> message) {
    return draining.handle(() -> settle(message));
  }

  private Uni<Void> settle(Message<?> message) {
    String routingKey =
        message
            .getMetadata(IncomingRabbitMQMetadata.class)
            .map(IncomingRabbitMQMetadata::getRoutingKey)
            .orElse("");
    Uni<Void> work;
    try {
      work = apply(routingKey, MessageBodies.bytes(message.getPayload()));
    } catch (MalformedMessageException e) {
      LOG.errorf("Dead-lettering a progress report (%s): %s", routingKey, e.getMessage());
      return Uni.createFrom().completionStage(message.nack(e));
    }
    return retry
        .run(
            () ->
                work.onFailure(ErrorClassifier::isTransient)
                    .invoke(
                        f ->
                            LOG.warnf(
                                "Retrying a progress report (%s) after: %s",
                                routingKey, f.toString())),
            ErrorClassifier::isTransient)
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
    if (routingKey.startsWith(Channels.READING_PREFIX)) {
      SliceHeartbeat heartbeat = WireFormat.decode(body, SliceHeartbeat.class);
      return tracker.heartbeat(heartbeat);
    }
    throw new MalformedMessageException("Unexpected routing key '" + routingKey + "'", null);
  }
}
