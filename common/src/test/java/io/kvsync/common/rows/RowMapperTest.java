package io.kvsync.common.rows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.catalogue.RowShape;
import io.kvsync.common.contract.WireFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RowMapperTest {

  private static final RowShape PROFILE_LIKE =
      new RowShape(Set.of("updated", "location.seen"), Set.of("location"));

  @Test
  void mapsIdAttributesRelationshipsAndFlattenedObjects() throws Exception {
    ObjectNode resource =
        (ObjectNode)
            WireFormat.mapper()
                .readTree(
                    """
                    {"type":"thing","id":"T1",
                     "attributes":{"firstName":"Ann","count":3,"ratio":1.5,"vip":true,
                       "updated":"2024-01-02T03:04:05+00:00","notes":null,
                       "properties":{"a":[1,2]},"tags":["x"],
                       "location":{"city":"Montréal","zip":12345,"seen":"2024-01-01T00:00:00Z"}},
                     "relationships":{"flow-action":{"data":{"type":"flow-action","id":"FA1"}},
                       "lists":{"data":[{"type":"list","id":"L1"}]},
                       "owner":{"data":null}}}
                    """);

    MappedRecord record = new RowMapper(PROFILE_LIKE).map(resource);

    assertEquals("T1", record.recordId());
    Map<String, Field> bySource =
        record.fields().stream().collect(Collectors.toMap(Field::source, f -> f));
    assertEquals("id", record.fields().get(0).column(), "the key comes first");
    assertEquals("flow_action_id", bySource.get("relationships.flow-action.data.id").column());
    assertEquals("FA1", bySource.get("relationships.flow-action.data.id").textFor(ColumnType.TEXT));
    assertNull(bySource.get("relationships.lists.data.id"), "to-many relationships are skipped");
    assertNull(bySource.get("relationships.owner.data.id").type(), "an empty to-one is a null");
    assertEquals("first_name", bySource.get("firstName").column());
    assertEquals(ColumnType.TEXT, bySource.get("firstName").type());
    assertEquals(ColumnType.BIGINT, bySource.get("count").type());
    assertEquals(ColumnType.NUMERIC, bySource.get("ratio").type());
    assertEquals(ColumnType.BOOLEAN, bySource.get("vip").type());
    assertEquals(ColumnType.TIMESTAMPTZ, bySource.get("updated").type());
    assertEquals("2024-01-02T03:04:05Z", bySource.get("updated").textFor(ColumnType.TIMESTAMPTZ));
    assertNull(bySource.get("notes").type());
    assertEquals(ColumnType.JSONB, bySource.get("properties").type());
    assertEquals("{\"a\":[1,2]}", bySource.get("properties").textFor(ColumnType.JSONB));
    assertEquals(ColumnType.JSONB, bySource.get("tags").type());
    assertEquals("location_city", bySource.get("location.city").column());
    assertEquals(ColumnType.BIGINT, bySource.get("location.zip").type());
    assertEquals(ColumnType.TIMESTAMPTZ, bySource.get("location.seen").type());
  }

  @Test
  void datetimeAttributeThatIsNotADatetimeIsText() throws Exception {
    ObjectNode resource =
        (ObjectNode)
            WireFormat.mapper()
                .readTree("{\"id\":\"T2\",\"attributes\":{\"updated\":\"last tuesday\"}}");
    Field updated = new RowMapper(PROFILE_LIKE).map(resource).fields().get(1);
    assertEquals(ColumnType.TEXT, updated.type());
  }

  @Test
  void valuesRenderForWiderColumnsWithoutLoss() throws Exception {
    ObjectNode resource =
        (ObjectNode)
            WireFormat.mapper()
                .readTree(
                    "{\"id\":\"T3\",\"attributes\":{\"n\":12,\"b\":false,\"o\":{\"k\":1},"
                        + "\"updated\":\"2024-01-02T03:04:05+02:00\",\"big\":123456789012345678901234}}");
    Map<String, Field> bySource =
        new RowMapper(PROFILE_LIKE)
            .map(resource).fields().stream().collect(Collectors.toMap(Field::source, f -> f));
    assertEquals("12", bySource.get("n").textFor(ColumnType.NUMERIC));
    assertEquals("12", bySource.get("n").textFor(ColumnType.TEXT));
    assertEquals("false", bySource.get("b").textFor(ColumnType.TEXT));
    assertEquals("{\"k\":1}", bySource.get("o").textFor(ColumnType.TEXT));
    assertEquals(
        "2024-01-02T03:04:05+02:00",
        bySource.get("updated").textFor(ColumnType.TEXT),
        "the original text is kept once the column is text");
    assertEquals(ColumnType.NUMERIC, bySource.get("big").type());
    assertEquals("123456789012345678901234", bySource.get("big").textFor(ColumnType.NUMERIC));
  }

  /** A 20-digit decimal, an integer beyond {@code long}, trailing zeros, an exponent. */
  private static final String EXACT_NUMBERS =
      """
      {"id":"T4","attributes":{"amount":12345678901234567890.12,
        "huge":98765432109876543210987,"price":1.10,"tiny":0.000000000000000000001,
        "sci":1.5E+3,"vast":1e999999999,"props":{"amount":12345678901234567890.12,"huge":98765432109876543210987}}}
      """;

  @Test
  void numbersKeepEveryDigitFromATree() throws Exception {
    ObjectNode resource = (ObjectNode) WireFormat.mapper().readTree(EXACT_NUMBERS);
    assertExactNumbers(new RowMapper(PROFILE_LIKE).map(resource));
  }

  @Test
  void numbersKeepEveryDigitFromAMessageBody() throws Exception {
    byte[] body = EXACT_NUMBERS.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (var parser = WireFormat.mapper().createParser(body)) {
      parser.nextToken();
      assertExactNumbers(new RowMapper(PROFILE_LIKE).read(parser, body).row());
    }
  }

  private static void assertExactNumbers(MappedRecord record) {
    Map<String, Field> bySource =
        record.fields().stream().collect(Collectors.toMap(Field::source, f -> f));
    Field amount = bySource.get("amount");
    assertEquals(ColumnType.NUMERIC, amount.type());
    assertEquals("12345678901234567890.12", amount.textFor(ColumnType.NUMERIC));
    assertEquals("12345678901234567890.12", amount.textFor(ColumnType.TEXT));
    assertEquals(ColumnType.NUMERIC, bySource.get("huge").type(), "beyond bigint");
    assertEquals("98765432109876543210987", bySource.get("huge").textFor(ColumnType.NUMERIC));
    assertEquals("1.10", bySource.get("price").textFor(ColumnType.NUMERIC), "trailing zero kept");
    assertEquals(
        "0.000000000000000000001", bySource.get("tiny").textFor(ColumnType.TEXT), "no exponent");
    assertEquals("1500", bySource.get("sci").textFor(ColumnType.NUMERIC));
    assertEquals(
        "1E+999999999",
        bySource.get("vast").textFor(ColumnType.TEXT),
        "a vast exponent is not written out digit by digit");
    assertEquals(
        "{\"amount\":12345678901234567890.12,\"huge\":98765432109876543210987}",
        bySource.get("props").textFor(ColumnType.JSONB));
  }

  @Test
  void nulCharactersLeaveTextJsonAndSourceNames() throws Exception {
    ObjectNode resource =
        (ObjectNode)
            WireFormat.mapper()
                .readTree(
                    """
                    {"id":"T5","attributes":{"first_name":"Zo\\u0000e","n\\u0000ote":"x",
                      "props":{"k\\u0000ey":"a\\u0000b","path":"C:\\\\u0000"}}}
                    """);
    Map<String, Field> bySource =
        new RowMapper(PROFILE_LIKE)
            .map(resource).fields().stream().collect(Collectors.toMap(Field::source, f -> f));
    assertEquals("Zoe", bySource.get("first_name").textFor(ColumnType.TEXT));
    assertEquals("x", bySource.get("note").textFor(ColumnType.TEXT), "the source name too");
    assertEquals("note", bySource.get("note").column());
    assertEquals(
        "{\"key\":\"ab\",\"path\":\"C:\\\\u0000\"}",
        bySource.get("props").textFor(ColumnType.JSONB),
        "an escaped backslash before u0000 is text, not a NUL");
    assertEquals("\"Zoe\"", bySource.get("first_name").textFor(ColumnType.JSONB));
  }
}
