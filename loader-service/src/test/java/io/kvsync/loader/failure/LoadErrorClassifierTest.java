package io.kvsync.loader.failure;

import static io.kvsync.loader.failure.LoadErrorClassifier.Decision.DEAD_LETTER;
import static io.kvsync.loader.failure.LoadErrorClassifier.Decision.ISOLATE_RECORDS;
import static io.kvsync.loader.failure.LoadErrorClassifier.Decision.RELOAD_SCHEMA;
import static io.kvsync.loader.failure.LoadErrorClassifier.Decision.RETRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.secret.SecretDecryptionException;
import io.kvsync.loader.failure.LoadErrorClassifier.Decision;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadErrorClassifierTest {

  private static PgException pg(String sqlState) {
    return new PgException("refused", "ERROR", sqlState, "detail");
  }

  @ParameterizedTest(name = "{0} ({2}) -> {1}")
  @CsvSource({
    // deterministic: the same batch would meet it again
    "28P01, DEAD_LETTER, wrong password",
    "28000, DEAD_LETTER, login refused by pg_hba.conf or SSL",
    "3D000, DEAD_LETTER, database missing",
    "3F000, DEAD_LETTER, schema missing",
    "42501, DEAD_LETTER, permission denied",
    "42939, DEAD_LETTER, reserved name",
    "42601, DEAD_LETTER, syntax error",
    "42602, DEAD_LETTER, invalid name",
    "42883, DEAD_LETTER, undefined function",
    "54011, DEAD_LETTER, too many columns",
    "54000, DEAD_LETTER, program limit exceeded",
    "0A000, DEAD_LETTER, feature not supported",
    "25006, DEAD_LETTER, read-only transaction",
    "25P02, DEAD_LETTER, transaction aborted",
    "2BP01, DEAD_LETTER, dependent objects still exist",
    "2D000, DEAD_LETTER, invalid transaction termination",
    "34000, DEAD_LETTER, invalid cursor name",
    "3B001, DEAD_LETTER, invalid savepoint",
    "44000, DEAD_LETTER, with check option violation",
    "HV000, DEAD_LETTER, foreign data wrapper error",
    "P0001, DEAD_LETTER, raised by a trigger",
    "F0000, DEAD_LETTER, config file error",
    "72000, DEAD_LETTER, snapshot too old",
    "0B000, DEAD_LETTER, invalid transaction initiation",
    "0P000, DEAD_LETTER, invalid role specification",
    "21000, DEAD_LETTER, cardinality violation",
    "26000, DEAD_LETTER, prepared statement missing",
    "38000, DEAD_LETTER, external routine exception",
    // the table changed under the loader
    "42P01, RELOAD_SCHEMA, undefined table",
    "42703, RELOAD_SCHEMA, undefined column",
    "42804, RELOAD_SCHEMA, datatype mismatch",
    "42809, RELOAD_SCHEMA, wrong object type",
    // a value or a row: isolate the records
    "22021, ISOLATE_RECORDS, NUL byte",
    "22P05, ISOLATE_RECORDS, untranslatable character",
    "22003, ISOLATE_RECORDS, numeric out of range",
    "23502, ISOLATE_RECORDS, not null violation",
    "23505, ISOLATE_RECORDS, unique violation",
    // transient: retried within the bound
    "08006, RETRY, connection failure",
    "08001, RETRY, cannot establish connection",
    "40001, RETRY, serialization failure",
    "40P01, RETRY, deadlock",
    "53300, RETRY, too many connections",
    "53100, RETRY, disk full",
    "53200, RETRY, out of memory",
    "55P03, RETRY, lock_timeout",
    "57014, RETRY, statement_timeout",
    "57P01, RETRY, admin shutdown",
    "57P02, RETRY, crash shutdown",
    "57P03, RETRY, cannot connect now",
    "58030, RETRY, I/O error",
    "XX000, RETRY, internal error",
    "ZZ999, RETRY, unknown SQLSTATE",
    "55000, RETRY, object not in prerequisite state (unknown in the table)"
  })
  void everySqlStateClassHasItsDecision(String sqlState, Decision expected, String what) {
    assertEquals(expected, LoadErrorClassifier.classify(pg(sqlState)), what);
  }

  @Test
  void loginDatabaseAndReachingItConcernTheWholeDestination() {
    assertTrue(LoadErrorClassifier.concernsWholeDestination(pg("28P01")));
    assertTrue(LoadErrorClassifier.concernsWholeDestination(pg("28000")));
    assertTrue(LoadErrorClassifier.concernsWholeDestination(pg("3D000")));
    assertTrue(LoadErrorClassifier.concernsWholeDestination(pg("08006")));
    assertTrue(LoadErrorClassifier.concernsWholeDestination(pg("57P03")));
    assertTrue(LoadErrorClassifier.concernsWholeDestination(pg("53300")));
    assertTrue(LoadErrorClassifier.concernsWholeDestination(new ConnectException("refused")));
    assertTrue(
        LoadErrorClassifier.concernsWholeDestination(new VertxException("Connection closed")));
    assertFalse(LoadErrorClassifier.concernsWholeDestination(pg("42501")), "one schema only");
    assertFalse(LoadErrorClassifier.concernsWholeDestination(pg("55P03")), "one table's lock");
    assertFalse(LoadErrorClassifier.concernsWholeDestination(pg("57014")), "one statement");
    assertFalse(LoadErrorClassifier.concernsWholeDestination(pg("40P01")), "one transaction");
    assertFalse(LoadErrorClassifier.concernsWholeDestination(new InvalidBatchException("x")));
  }

  @Test
  void unusableMessagesAreDeadLettered() {
    assertEquals(
        DEAD_LETTER, LoadErrorClassifier.classify(new MalformedMessageException("x", null)));
    assertEquals(DEAD_LETTER, LoadErrorClassifier.classify(new SecretDecryptionException("x")));
    assertEquals(DEAD_LETTER, LoadErrorClassifier.classify(new InvalidBatchException("x")));
    assertFalse(LoadErrorClassifier.isTransient(new InvalidBatchException("x")));
  }

  @Test
  void unreachableDestinationIsTransient() {
    assertEquals(RETRY, LoadErrorClassifier.classify(new ConnectException("Connection refused")));
    assertEquals(RETRY, LoadErrorClassifier.classify(new IOException("reset")));
    assertEquals(RETRY, LoadErrorClassifier.classify(new VertxException("Connection closed")));
    assertEquals(RETRY, LoadErrorClassifier.classify(new TimeoutException("pool")));
    assertTrue(LoadErrorClassifier.isTransient(pg("57P01")));
    assertTrue(LoadErrorClassifier.isTransient(pg("42703")), "a reload is another attempt");
  }

  @Test
  void collidingDdlReloadsTheSchema() {
    assertEquals(
        RELOAD_SCHEMA,
        LoadErrorClassifier.classify(new SchemaConflictException(pg("23505"))),
        "two sessions creating the same name at once");
    assertTrue(LoadErrorClassifier.isSchemaCollision(pg("42701")), "duplicate column");
    assertTrue(LoadErrorClassifier.isSchemaCollision(pg("42P07")), "duplicate table");
    assertTrue(LoadErrorClassifier.isSchemaCollision(pg("23505")));
    assertFalse(LoadErrorClassifier.isSchemaCollision(pg("42501")));
  }

  @Test
  void walksTheCauseChain() {
    Throwable wrapped = new CompletionException(new RuntimeException(pg("22021")));
    assertEquals(ISOLATE_RECORDS, LoadErrorClassifier.classify(wrapped));
    Throwable poison = new RuntimeException(new MalformedMessageException("bad", null));
    assertEquals(DEAD_LETTER, LoadErrorClassifier.classify(poison));
    // How Mutiny ends a bounded retry: the last failure is the cause.
    Throwable exhausted = new IllegalStateException("Retries exhausted", pg("08006"));
    assertEquals(RETRY, LoadErrorClassifier.classify(exhausted));
  }

  @Test
  void defectsAreDeadLetteredRatherThanRetried() {
    assertEquals(DEAD_LETTER, LoadErrorClassifier.classify(new IllegalStateException("bug")));
    assertEquals(DEAD_LETTER, LoadErrorClassifier.classify(new NullPointerException()));
  }

  @Test
  void explanationsSayWhatToDoAndKeepTheSqlState() {
    assertEquals(
        "authentication failed for the destination's user (check its password) (SQLSTATE 28P01:"
            + " password authentication failed for user \"loader\")",
        LoadErrorClassifier.explain(
            new PgException(
                "password authentication failed for user \"loader\"", "FATAL", "28P01", null)));
    assertTrue(
        LoadErrorClassifier.explain(pg("28000"))
            .startsWith(
                "authentication failed: the destination does not accept the loader's user (check"
                    + " the user name, pg_hba.conf and SSL settings) (SQLSTATE 28000"));
    assertTrue(
        LoadErrorClassifier.explain(pg("3D000"))
            .startsWith("the destination database does not exist (SQLSTATE 3D000"));
    assertTrue(
        LoadErrorClassifier.explain(pg("42501"))
            .startsWith(
                "permission denied on the destination schema (grant the loader's user CREATE and"
                    + " USAGE"));
    assertTrue(
        LoadErrorClassifier.explain(pg("54011"))
            .startsWith("too many columns for a PostgreSQL table"));
    assertEquals(
        "the destination was unreachable: connection refused",
        LoadErrorClassifier.explain(
            new IllegalStateException(
                "Retries exhausted", new ConnectException("Connection refused: /10.0.0.1:5432"))));
    assertEquals(
        "the destination was unreachable: no answer within the connect timeout",
        LoadErrorClassifier.explain(new ConnectTimeoutException("timed out")));
    assertTrue(
        LoadErrorClassifier.explain(new MalformedMessageException("Not a valid RecordBatch", null))
            .startsWith("the batch cannot be decoded: Not a valid RecordBatch"));
  }
}
