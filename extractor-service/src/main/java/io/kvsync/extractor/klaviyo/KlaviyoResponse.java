package io.kvsync.extractor.klaviyo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.common.contract.WireFormat;
import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One successful Klaviyo answer, kept as the bytes that arrived: a page is read as a stream of
 * tokens (never built into one tree), so a large record costs its bytes, not a tree of them.
 *
 * @param body the JSON:API document, or null when the resource is absent (an allowed 404)
 * @param nextUrl {@code links.next}, or null on the last page
 * @param readAt when the answer arrived: becomes the batch's {@code extractedAt}
 */
public record KlaviyoResponse(Buffer body, String nextUrl, Instant readAt) {

  /** The answer for an allowed 404. */
  static KlaviyoResponse absent() {
    return new KlaviyoResponse(null, null, Instant.now());
  }

  /**
   * Checks that {@code body} is a JSON object, token by token (nothing is kept but {@code
   * links.next}).
   *
   * @return the answer, or null when the body is not a JSON object
   */
  public static KlaviyoResponse read(Buffer body, Instant readAt) {
    try (JsonParser parser = WireFormat.mapper().createParser(streamOf(body))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String next = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String member = parser.currentName();
        parser.nextToken();
        if (member.equals("links") && parser.currentToken() == JsonToken.START_OBJECT) {
          JsonNode value = parser.readValueAsTree();
          JsonNode link = value.path("next");
          next = link.isTextual() && !link.asText().isBlank() ? link.asText() : null;
        } else {
          parser.skipChildren();
        }
      }
      return parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null
          ? new KlaviyoResponse(body, next, readAt)
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  public boolean isAbsent() {
    return body == null;
  }

  /** The size of the answer: no record in it can be larger. */
  public long bodyBytes() {
    return body == null ? 0 : body.length();
  }

  /** The body as a stream of its bytes (no copy). */
  public InputStream stream() {
    return streamOf(body);
  }

  /**
   * The whole document as a tree: only for answers of small resources (parents, tables derived from
   * a page), never for pages whose records may be large.
   */
  public JsonNode tree() {
    try (InputStream in = stream()) {
      return WireFormat.mapper().readTree(in);
    } catch (IOException e) {
      // read(...) checked the body already.
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream streamOf(Buffer body) {
    return new ByteBufInputStream(body.getByteBuf());
  }
}
