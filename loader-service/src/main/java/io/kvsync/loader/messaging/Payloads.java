package io.kvsync.loader.messaging;

import java.nio.charset.StandardCharsets;

/** The body of an incoming message as bytes, whatever type the connector chose to give it. */
final class Payloads {

  private Payloads() {}

  static byte[] bytes(Object payload) {
    if (payload instanceof byte[] bytes) {
      return bytes;
    }
    if (payload instanceof io.vertx.core.buffer.Buffer buffer) {
      return buffer.getBytes();
    }
    if (payload instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
      return buffer.getBytes();
    }
    if (payload instanceof io.vertx.core.json.JsonObject json) {
      return json.toBuffer().getBytes();
    }
    if (payload instanceof io.vertx.core.json.JsonArray json) {
      return json.toBuffer().getBytes();
    }
    if (payload instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException(
        "Unsupported payload type " + (payload == null ? "null" : payload.getClass().getName()));
  }
}
