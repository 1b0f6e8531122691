package io.kvsync.extractor.messaging;

import io.kvsync.common.bus.MessageBodies;
import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.logging.RunContext;
import io.kvsync.common.secret.SealedPlace;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.common.secret.SecretDecryptionException;
import io.kvsync.extractor.objects.ExtractionEngine;
import io.kvsync.extractor.objects.ReadResult;
import io.kvsync.extractor.reads.ActiveRead;
import io.kvsync.extractor.reads.ActiveReads;
import io.kvsync.extractor.reads.StopReason;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes SyncCommands. Each delivery is a read of its own (its {@code readId}). A command is
 * acked only after every batch of its read and the read's outcome are confirmed by the broker; a
 * command of a cancelled job is acked without an outcome; a command that cannot be decoded is
 * dead-lettered; a command not yet read when the extractor shuts down is left unacked, so it
 * returns to the queue.
 */
@ApplicationScoped
public class CommandConsumer {

  private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

  private final ExtractionEngine engine;
  private final BusPublisher publisher;
  private final ActiveReads reads;
  private final Heartbeats heartbeats;
  private final SecretCipher cipher;

  public CommandConsumer(
      ExtractionEngine engine,
      BusPublisher publisher,
      ActiveReads reads,
      Heartbeats heartbeats,
      SecretCipher cipher) {
    this.engine = engine;
    this.publisher = publisher;
    this.reads = reads;
    this.heartbeats = heartbeats;
    this.cipher = cipher;
  }

  @Incoming(Channels.COMMANDS)
  public Uni<Void> consume(Message<?> message) {
    SyncCommand command;
    try {
      command = WireFormat.decode(MessageBodies.bytes(message.getPayload()), SyncCommand.class);
    } catch (MalformedMessageException e) {
      LOG.errorf("Dead-lettering a command that cannot be decoded: %s", e.getMessage());
      return Uni.createFrom().completionStage(message.nack(e));
    }
    RunContext.enter(command.pipelineId(), command.jobId(), command.object());
    ActiveRead read = reads.begin(command);
    return readAndSettle(message, read).eventually(() -> reads.end(read));
  }

  private Uni<Void> readAndSettle(Message<?> message, ActiveRead read) {
    SyncCommand command = read.command();
    StopReason early = read.stopRequested();
    if (early == StopReason.CANCELLED) {
      LOG.infof(
          "Command %s belongs to cancelled job %s: acked without reading",
          command.commandId(), command.jobId());
      return ack(message);
    }
    if (early == StopReason.SHUTDOWN) {
      LOG.infof("Shutting down: command %s returns to the queue unread", command.commandId());
      return Uni.createFrom().voidItem();
    }
    Heartbeats.Timer heartbeat = heartbeats.start(read);
    return heartbeat
        .first()
        .chain(() -> extract(read))
        .onTermination()
        .invoke(heartbeat::stop)
        .chain(result -> settle(message, read, result))
        .onFailure()
        .recoverWithUni(
            failure -> {
              LOG.errorf(
                  failure,
                  "Command %s for %s could not be completed (%s); dead-lettering it",
                  command.commandId(),
                  command.object(),
                  read);
              return Uni.createFrom().completionStage(message.nack(failure));
            });
  }

  private Uni<ReadResult> extract(ActiveRead read) {
    String apiKey;
    try {
      apiKey = cipher.decrypt(read.command().sourceCredential(), SealedPlace.BUS_SOURCE_CREDENTIAL);
    } catch (SecretDecryptionException e) {
      return Uni.createFrom()
          .item(
              new ReadResult.Reported(
                  read.outcome(
                      SliceStatus.FAILED,
                      0,
                      0,
                      null,
                      "The Klaviyo API key of this pipeline cannot be opened by the extractor ("
                          + e.getMessage()
                          + "): KVSYNC_MASTER_KEYS must hold the same keys in every service",
                      null)));
    }
    return engine.extract(read, apiKey, publisher);
  }

  private Uni<Void> settle(Message<?> message, ActiveRead read, ReadResult result) {
    if (result instanceof ReadResult.Reported reported) {
      return publisher.publish(reported.outcome()).chain(() -> ack(message));
    }
    if (result instanceof ReadResult.Cancelled) {
      return ack(message);
    }
    // Released: unacked, the command returns to the queue when the connector closes its channel.
    LOG.debugf("%s released unread", read);
    return Uni.createFrom().voidItem();
  }

  private static Uni<Void> ack(Message<?> message) {
    return Uni.createFrom().completionStage(message.ack());
  }
}
