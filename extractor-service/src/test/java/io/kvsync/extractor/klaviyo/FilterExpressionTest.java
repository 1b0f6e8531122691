package io.kvsync.extractor.klaviyo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterExpressionTest {

  @Test
  void datetimesAreUnquotedWithAnExplicitOffset() {
    assertEquals(
        "greater-or-equal(datetime,2024-05-01T00:00:00+00:00)",
        FilterExpression.term(
            "greater-or-equal", "datetime", Instant.parse("2024-05-01T00:00:00Z")));
  }

  @Test
  void fractionsOfASecondAreKeptOnlyWhenPresent() {
    assertEquals(
        "2024-05-01T10:11:12.5+00:00",
        FilterExpression.datetime(Instant.parse("2024-05-01T10:11:12.500Z")));
  }

  @Test
  void severalTermsAreJoinedWithAnd() {
    assertEquals("equals(archived,true)", FilterExpression.allOf(List.of("equals(archived,true)")));
    assertEquals(
        "and(equals(messages.channel,'sms'),equals(archived,false))",
        FilterExpression.allOf(
            List.of("equals(messages.channel,'sms')", "equals(archived,false)")));
    assertNull(FilterExpression.allOf(List.of()));
  }

  @Test
  void thePlusOfAnOffsetTravelsPercentEncoded() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put(
        "filter",
        FilterExpression.term("greater-than", "updated", Instant.parse("2024-05-01T00:00:00Z")));
    params.put("page[size]", "100");
    params.put("sort", null);
    String url = RequestUrl.of("http://127.0.0.1:8090/", "/api/profiles", params);
    assertEquals(
        "http://127.0.0.1:8090/api/profiles?filter=greater-than%28updated%2C2024-05-01T00%3A00%3A00%2B00%3A00%29"
            + "&page%5Bsize%5D=100",
        url);
  }

  @Test
  void spacesAndQuotesAreEncodedNotFormEncoded() {
    assertEquals("a%20b%27c%27", RequestUrl.encode("a b'c'"));
  }

  @Test
  void parentIdsFillThePathEncoded() {
    assertEquals(
        "/api/lists/Y6n%2FRL/profiles",
        RequestUrl.withParent("/api/lists/{parent_id}/profiles", "Y6n/RL"));
  }
}
