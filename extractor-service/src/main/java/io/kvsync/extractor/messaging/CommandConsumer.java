package io.kvsync.extractor.messaging;

import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.logging.RunContext;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.common.secret.SecretDecryptionException;
import io.kvsync.extractor.config.ExtractorConfig;
import io.kvsync.extractor.objects.ExtractionEngine;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes SyncCommands. A command is acked only after every batch of its slice and the slice's
 * outcome are confirmed by the broker; a command that cannot be decoded is dead-lettered.
 */
@ApplicationScoped
public class CommandConsumer {

  private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

  private final ExtractionEngine engine;
  private final BusPublisher publisher;
  private final SecretCipher cipher;

  public CommandConsumer(ExtractionEngine engine, BusPublisher publisher, ExtractorConfig config) {
    this.engine = engine;
    this.publisher = publisher;
    this.cipher = SecretCipher.fromBase64Key(config.masterKey());
  }

  @Incoming(Channels.COMMANDS)
  public Uni<Void> consume(Message<?> message) {
    SyncCommand command;
    try {
      command = WireFormat.decode(bytesOf(message.getPayload()), SyncCommand.class);
    } catch (MalformedMessageException e) {
      LOG.errorf("Dead-lettering a command that cannot be decoded: %s", e.getMessage());
      return Uni.createFrom().completionStage(message.nack(e));
    }
    RunContext.enter(command.pipelineId(), command.jobId(), command.object());
    return extract(command)
        .onItem()
        .transformToUni(outcome -> publisher.publish(outcome))
        .onItem()
        .transformToUni(ignored -> Uni.createFrom().completionStage(message.ack()))
        .onFailure()
        .recoverWithUni(
            failure -> {
              LOG.errorf(
                  failure,
                  "Command %s for %s could not be completed; dead-lettering it",
                  command.commandId(),
                  command.object());
              return Uni.createFrom().completionStage(message.nack(failure));
            });
  }

  private Uni<SliceExtracted> extract(SyncCommand command) {
    String apiKey;
    try {
      apiKey = cipher.decrypt(command.sourceCredential());
    } catch (SecretDecryptionException | NullPointerException e) {
      return Uni.createFrom()
          .item(
              new SliceExtracted(
                  SliceExtracted.SCHEMA_VERSION,
                  command.commandId(),
                  command.jobId(),
                  command.pipelineId(),
                  command.object(),
                  command.attempt(),
                  SliceStatus.FAILED,
                  0,
                  0,
                  null,
                  "The Klaviyo API key of this pipeline cannot be opened by the extractor: "
                      + "KVSYNC_MASTER_KEY must be the same in every service"));
    }
    return engine.extract(command, apiKey, publisher);
  }

  /** The connector hands JSON bodies over as JsonObject, others as Buffer, bytes or text. */
  static byte[] bytesOf(Object payload) {
    if (payload instanceof byte[] bytes) {
      return bytes;
    }
    if (payload instanceof Buffer buffer) {
      return buffer.getBytes();
    }
    if (payload instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
      return buffer.getBytes();
    }
    if (payload instanceof JsonObject json) {
      return json.encode().getBytes(StandardCharsets.UTF_8);
    }
    if (payload instanceof JsonArray json) {
      return json.encode().getBytes(StandardCharsets.UTF_8);
    }
    if (payload instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    throw new MalformedMessageException(
        "Unexpected payload type " + (payload == null ? "null" : payload.getClass().getName()),
        null);
  }
}
