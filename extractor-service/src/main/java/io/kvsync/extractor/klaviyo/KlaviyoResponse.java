package io.kvsync.extractor.klaviyo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One successful Klaviyo answer.
 *
 * @param body the JSON:API document, or null when the resource is absent (an allowed 404)
 * @param readAt when the answer arrived: becomes the batch's {@code extractedAt}
 * @param bodyBytes the size of the answer: no record in it can be larger
 */
public record KlaviyoResponse(JsonNode body, Instant readAt, long bodyBytes) {

  public boolean isAbsent() {
    return body == null;
  }

  /** {@code links.next}, or null on the last page. */
  public String nextUrl() {
    if (body == null) {
      return null;
    }
    JsonNode next = body.path("links").path("next");
    return next.isTextual() && !next.asText().isBlank() ? next.asText() : null;
  }
}
