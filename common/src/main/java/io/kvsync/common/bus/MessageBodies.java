package io.kvsync.common.bus;

import io.kvsync.common.contract.MalformedMessageException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** The body of an incoming message as bytes, whatever type the connector chose to hand over. */
public final class MessageBodies {

  private MessageBodies() {}

  /**
   * @throws MalformedMessageException for a payload that carries no body: a poison message
   */
  public static byte[] bytes(Object payload) {
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
