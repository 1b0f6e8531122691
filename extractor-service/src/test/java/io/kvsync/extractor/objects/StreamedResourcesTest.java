package io.kvsync.extractor.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.extractor.klaviyo.KlaviyoResponse;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamedResourcesTest {

  private static final String PAGE =
      """
      {"data": [
        {"type": "event", "id": "E1",
         "attributes": {"datetime": "2026-01-02T03:04:05+00:00",
                        "event_properties": {"amount": 12345678901234567890.12345,
                                             "count": 98765432109876543210}},
         "relationships": {"profile": {"data": {"type": "profile", "id": "P1"}}},
         "links": {"self": "https://a.klaviyo.com/api/events/E1"}},
        {"type":"event","id":"E2","attributes":{"datetime":"2026-01-03T00:00:00+00:00",\
      "event_properties":{"note":"%s"}},"links":{"self":"x"}},
        {"type":"event","id":"E3","attributes":{}}
       ],
       "links": {"next": "https://a.klaviyo.com/api/events?page[cursor]=abc"}}
      """;

  private static KlaviyoResponse answer(String text) {
    KlaviyoResponse answer = KlaviyoResponse.read(Buffer.buffer(text), Instant.now());
    assertTrue(answer != null, "the page is JSON");
    return answer;
  }

  private static JsonNode asTree(PageRecord read) throws Exception {
    return WireFormat.mapper().readTree(WireFormat.encode(read.record()));
  }

  @Test
  void resourcesTravelAsTheTextTheyWereReadAsWithoutLinks() throws Exception {
    KlaviyoResponse answer = answer(PAGE.formatted("x".repeat(50)));
    assertEquals("https://a.klaviyo.com/api/events?page[cursor]=abc", answer.nextUrl());

    List<PageRecord> read =
        new StreamedResources(Map.of(), "datetime", new OversizeRecords(10_000)).read(answer);

    assertEquals(3, read.size());
    JsonNode first = asTree(read.get(0));
    assertEquals("E1", first.path("id").asText());
    assertFalse(first.has("links"));
    assertEquals(
        "P1", first.path("relationships").path("profile").path("data").path("id").asText());
    String text = new String(WireFormat.encode(read.get(0).record()));
    assertTrue(text.contains("12345678901234567890.12345"), text);
    assertTrue(text.contains("98765432109876543210"), text);
    assertEquals("2026-01-02T03:04:05+00:00", read.get(0).cursorText());
    assertTrue(asTree(read.get(2)).path("relationships").isObject(), "relationships always exist");
  }

  @Test
  void theListingsImpliedAttributesAreAddedWhereAbsent() throws Exception {
    List<PageRecord> read =
        new StreamedResources(
                Map.of("channel", "sms", "datetime", "never"), null, new OversizeRecords(10_000))
            .read(answer(PAGE.formatted("y")));

    JsonNode first = asTree(read.get(0));
    assertEquals("sms", first.path("attributes").path("channel").asText());
    assertEquals("2026-01-02T03:04:05+00:00", first.path("attributes").path("datetime").asText());
    JsonNode empty = asTree(read.get(2));
    assertEquals(2, empty.path("attributes").size());
    assertEquals("sms", empty.path("attributes").path("channel").asText());
  }

  @Test
  void aResourceOverTheLimitIsMeasuredAndTravelsAsAStubWhileTheRestOfThePageLoads()
      throws Exception {
    List<PageRecord> read =
        new StreamedResources(Map.of(), "datetime", new OversizeRecords(5_000))
            .read(answer(PAGE.formatted("z".repeat(6_000))));

    assertEquals(3, read.size());
    JsonNode stub = asTree(read.get(1));
    assertEquals("E2", stub.path("id").asText());
    assertFalse(stub.has("attributes"), "the oversize payload stays off the bus");
    JsonNode marker = stub.path("meta").path(OversizeRecords.MARKER);
    assertTrue(marker.path("bytes").asLong() > 6_000);
    assertTrue(marker.path("reason").asText().contains("over the 5000-byte limit"));
    assertNull(read.get(1).cursorText());
    assertEquals("E3", asTree(read.get(2)).path("id").asText());
  }

  @Test
  void aBodyThatIsNotAJsonObjectIsRefused() {
    assertNull(KlaviyoResponse.read(Buffer.buffer("{\"data\": [1, 2"), Instant.now()));
    assertNull(KlaviyoResponse.read(Buffer.buffer("[]"), Instant.now()));
  }
}
