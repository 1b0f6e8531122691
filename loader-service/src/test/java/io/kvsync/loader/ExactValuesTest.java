package io.kvsync.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.testing.ExternalServicesResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Values land digit for digit and character for character: numbers beyond a double's precision and
 * beyond {@code bigint} in {@code numeric}, {@code bigint} and {@code jsonb} columns, and NUL
 * characters removed where PostgreSQL cannot store them (README, "Limits").
 */
@QuarkusTest
@QuarkusTestResource(
    value = ExternalServicesResource.class,
    initArgs = @ResourceArg(name = "database", value = TestDestination.DATABASE))
class ExactValuesTest extends BusTest {

  private static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");

  @Test
  void numbersLandWithEveryDigit() throws Exception {
    BatchLoaded first =
        loadMetric(
            T1,
            "A",
            """
            {"amount":12345678901234567890.12,"huge":98765432109876543210987,"price":1.10,
             "count":9223372036854775807,
             "props":{"big":18446744073709551617,"fraction":0.10000000000000000001,"list":[1.50]}}
            """);
    // A later count beyond bigint widens its column to numeric and both rows keep their digits.
    BatchLoaded second = loadMetric(T1, "B", "{\"count\":9223372036854775808}");

    assertEquals(1, first.rowsUpserted());
    assertEquals(1, second.rowsUpserted());
    Map<String, String> types = destination.columnTypes("metric_v2");
    assertEquals("numeric", types.get("amount"));
    assertEquals("numeric", types.get("huge"));
    assertEquals("numeric", types.get("price"));
    assertEquals("numeric", types.get("count"));
    assertEquals("jsonb", types.get("props"));
    List<Map<String, Object>> rows =
        destination.rows(
            "SELECT id, amount::text AS amount, huge::text AS huge, price::text AS price,"
                + " count::text AS count, (props->'big')::text AS big,"
                + " (props->'fraction')::text AS fraction, (props->'list')::text AS list"
                + " FROM {schema}.metric_v2 ORDER BY id");
    Map<String, Object> a = rows.get(0);
    assertEquals("12345678901234567890.12", a.get("amount"));
    assertEquals("98765432109876543210987", a.get("huge"));
    assertEquals("1.10", a.get("price"));
    assertEquals("9223372036854775807", a.get("count"));
    assertEquals("18446744073709551617", a.get("big"));
    assertEquals("0.10000000000000000001", a.get("fraction"));
    assertEquals("[1.50]", a.get("list"));
    assertEquals("9223372036854775808", rows.get(1).get("count"));
  }

  @Test
  void nulCharactersAreRemovedFromTextJsonAndNames() throws Exception {
    BatchLoaded loaded =
        loadMetric(
            T1,
            "N",
            """
            {"name":"Zo\\u0000e","n\\u0000ote":"\\u0000kept\\u0000",
             "props":{"k\\u0000ey":"a\\u0000b","path":"C:\\\\u0000","deep":[{"\\u0000":"\\u0000"}]}}
            """);

    assertEquals(1, loaded.rowsUpserted(), "the record loads instead of failing");
    List<Map<String, Object>> rows =
        destination.rows("SELECT name, note, props::text AS props FROM {schema}.metric_v2");
    assertEquals("Zoe", rows.get(0).get("name"));
    assertEquals("kept", rows.get(0).get("note"));
    assertEquals(
        "{\"key\": \"ab\", \"deep\": [{\"\": \"\"}], \"path\": \"C:\\\\u0000\"}",
        rows.get(0).get("props"),
        "an escaped backslash before u0000 is no NUL and stays");
    assertEquals(
        "source: note",
        destination
            .rows(
                "SELECT col_description(a.attrelid, a.attnum) AS source FROM pg_attribute a"
                    + " WHERE a.attrelid = to_regclass('{schema}.metric_v2')"
                    + " AND a.attname = 'note'")
            .get(0)
            .get("source"));
  }
}
