package io.kvsync.common.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SqlNameTest {

  @Test
  void stripsAccents() {
    assertEquals("montreal_report", SqlName.sanitise("Montréal report"));
  }

  @Test
  void replacesCharactersOutsideIdentifiers() {
    assertEquals("total_amount", SqlName.sanitise("total$amount"));
  }

  @Test
  void splitsCamelCaseCollapsesAndTrimsUnderscores() {
    assertEquals("table_nam_e_05", SqlName.sanitise("Table$namE_05_"));
    assertEquals("first_name", SqlName.sanitise("firstName"));
    assertEquals("a_b", SqlName.sanitise("__a___b__"));
  }

  @Test
  void dropsLeadingSymbols() {
    assertEquals("value", SqlName.sanitise("$value"));
  }

  @Test
  void prefixesLeadingDigit() {
    assertEquals("_2nd_order", SqlName.sanitise("2nd Order"));
  }

  @Test
  void neutralisesQuotesAndSemicolons() {
    assertEquals("a_drop_table_x", SqlName.sanitise("a\"; DROP TABLE x; --"));
    assertEquals("it_s", SqlName.sanitise("it's"));
  }

  @Test
  void quotesIdentifiersAndLiterals() {
    assertEquals("\"we\"\"ird\"", SqlName.quote("we\"ird"));
    assertEquals("'source: it''s'", SqlName.literal("source: it's"));
  }

  @Test
  void namesWithNothingTypeableStayDistinct() {
    String dollars = SqlName.sanitise("$$$");
    String stars = SqlName.sanitise("***");
    assertTrue(dollars.startsWith("column_"), dollars);
    assertNotEquals(dollars, stars);
  }

  @Test
  void longNamesDifferingAtTheEndStayDistinctWithinTheLimit() {
    String base = "a".repeat(79);
    String first = SqlName.sanitise(base + "x");
    String second = SqlName.sanitise(base + "y");
    assertNotEquals(first, second);
    assertEquals(SqlName.MAX_BYTES, first.getBytes(StandardCharsets.UTF_8).length);
    assertEquals(SqlName.MAX_BYTES, second.getBytes(StandardCharsets.UTF_8).length);
    assertTrue(first.startsWith("a".repeat(56) + "_"), first);
  }

  @Test
  void sanitisingIsStable() {
    String name = "c".repeat(90);
    assertEquals(SqlName.sanitise(name), SqlName.sanitise(name));
  }
}
