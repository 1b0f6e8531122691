package io.kvsync.emulator.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/** Writes the spec's error body: {@code {"errors":[{"id","code","title","detail","source"}]}}. */
public final class ErrorResponses {

  public static final String CONTENT_TYPE = "application/vnd.api+json";
  private static final JsonFactory JSON = new JsonFactory();

  private ErrorResponses() {}

  public static void send(HttpServerResponse response, ApiError error) {
    if (error.retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Long.toString(error.retryAfterSeconds()));
    }
    response
        .setStatusCode(error.status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .end(Buffer.buffer(body(error)));
  }

  public static byte[] body(ApiError error) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("errors");
      json.writeStartObject();
      json.writeStringField("id", UUID.randomUUID().toString());
      json.writeStringField("code", error.code());
      json.writeStringField("title", error.title());
      json.writeStringField("detail", error.detail());
      if (error.parameter() != null) {
        json.writeObjectFieldStart("source");
        json.writeStringField("parameter", error.parameter());
        json.writeEndObject();
      }
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
