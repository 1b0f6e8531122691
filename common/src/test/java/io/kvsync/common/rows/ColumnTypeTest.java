package io.kvsync.common.rows;

import static io.kvsync.common.rows.ColumnType.BIGINT;
import static io.kvsync.common.rows.ColumnType.BOOLEAN;
import static io.kvsync.common.rows.ColumnType.JSONB;
import static io.kvsync.common.rows.ColumnType.NUMERIC;
import static io.kvsync.common.rows.ColumnType.TEXT;
import static io.kvsync.common.rows.ColumnType.TIMESTAMPTZ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColumnTypeTest {

  @Test
  void bigintWidensToNumericForDecimals() {
    assertEquals(NUMERIC, ColumnType.widen(BIGINT, NUMERIC));
    assertEquals(NUMERIC, ColumnType.widen(NUMERIC, BIGINT));
  }

  @Test
  void numericWidensToTextForStrings() {
    assertEquals(TEXT, ColumnType.widen(NUMERIC, TEXT));
    assertEquals(TEXT, ColumnType.widen(BIGINT, TEXT));
  }

  @Test
  void booleanWidensToText() {
    assertEquals(TEXT, ColumnType.widen(BOOLEAN, TEXT));
    assertEquals(TEXT, ColumnType.widen(BOOLEAN, BIGINT));
  }

  @Test
  void timestamptzWidensToTextForValuesThatAreNotDatetimes() {
    assertEquals(TEXT, ColumnType.widen(TIMESTAMPTZ, TEXT));
  }

  @Test
  void scalarColumnReceivingAnObjectBecomesText() {
    assertEquals(TEXT, ColumnType.widen(BIGINT, JSONB));
  }

  @Test
  void jsonbAndTextHoldAnything() {
    for (ColumnType incoming : ColumnType.values()) {
      assertTrue(JSONB.holds(incoming), incoming.name());
      assertTrue(TEXT.holds(incoming), incoming.name());
    }
  }

  @Test
  void neverNarrows() {
    assertFalse(BIGINT.holds(NUMERIC));
    assertTrue(NUMERIC.holds(BIGINT));
    assertEquals(TEXT, ColumnType.widen(TEXT, BIGINT));
  }

  @Test
  void aFirstValueOrANullDecidesNothing() {
    assertEquals(BOOLEAN, ColumnType.widen(null, BOOLEAN));
    assertEquals(BOOLEAN, ColumnType.widen(BOOLEAN, null));
  }

  @Test
  void readsCatalogTypes() {
    assertEquals(BIGINT, ColumnType.fromSql("bigint"));
    assertEquals(NUMERIC, ColumnType.fromSql("numeric(10,2)"));
    assertEquals(TIMESTAMPTZ, ColumnType.fromSql("timestamp with time zone"));
    assertEquals(JSONB, ColumnType.fromSql("jsonb"));
    assertEquals(TEXT, ColumnType.fromSql("character varying(20)"));
  }
}
