package io.kvsync.scheduler.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RulesTest {

  @Test
  void schemaNamesPostgresqlReservesAreRefusedInAnyCase() {
    for (String reserved :
        List.of("pg_x", "PG_TEMP", "Pg_toast", "information_schema", "INFORMATION_SCHEMA")) {
      ApiProblem problem =
          assertThrows(ApiProblem.class, () -> Rules.identifier("schema", reserved));
      assertEquals(422, problem.status());
      assertEquals("schema" + Rules.IDENTIFIER_RULE, problem.getMessage());
      assertEquals("schema", problem.toProblemDetail().field());
    }
    for (String allowed : List.of("klaviyo", "pgx", "_pg_x", "my_pg_schema", "information")) {
      assertEquals(allowed, Rules.identifier("schema", allowed));
    }
  }

  @Test
  void aTablePrefixNeverStartsWithPg() {
    for (String reserved : List.of("pg_", "PG_kv_", "pg_x")) {
      ApiProblem problem =
          assertThrows(ApiProblem.class, () -> Rules.tablePrefix("table_prefix", reserved));
      assertEquals("table_prefix" + Rules.TABLE_PREFIX_RULE, problem.getMessage());
    }
    for (String allowed : List.of("", "kv_", "kv_pg_", "pg")) {
      assertEquals(allowed, Rules.tablePrefix("table_prefix", allowed));
    }
  }

  @Test
  void textsAreRequiredAndBoundedAndOptionalTextsMayBeEmpty() {
    assertEquals("db", Rules.text("host", " db ", Rules.MAX_HOST_LENGTH));
    ApiProblem tooLong =
        assertThrows(
            ApiProblem.class, () -> Rules.text("host", "h".repeat(254), Rules.MAX_HOST_LENGTH));
    assertEquals("host must be at most 253 characters long", tooLong.getMessage());
    assertEquals("", Rules.optionalText("password", "", Rules.MAX_PASSWORD_LENGTH));
    assertEquals(null, Rules.optionalText("password", null, Rules.MAX_PASSWORD_LENGTH));
    assertThrows(
        ApiProblem.class,
        () -> Rules.optionalText("password", "p".repeat(1025), Rules.MAX_PASSWORD_LENGTH));
  }

  @Test
  void parsingLimitsAreStatedAsRules() {
    assertEquals(
        "The body nests deeper than 64 levels",
        Rules.parsingLimit(
            "Document nesting depth (65) exceeds the maximum allowed (64, from"
                + " `StreamReadConstraints.getMaxNestingDepth()`)"));
    assertEquals(
        "A string in the body is longer than 1048576 characters",
        Rules.parsingLimit(
            "String value length (2000000) exceeds the maximum allowed (1048576, from"
                + " `StreamReadConstraints.getMaxStringLength()`)"));
  }
}
