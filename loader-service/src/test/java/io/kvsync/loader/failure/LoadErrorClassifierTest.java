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
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class LoadErrorClassifierTest {

  private static PgException pg(String sqlState) {
    return new PgException("refused", "ERROR", sqlState, "detail");
  }

  @Test
  void undecodableMessagesAndForeignKeysAreDeadLettered() {
    assertEquals(
        DEAD_LETTER, LoadErrorClassifier.classify(new MalformedMessageException("x", null)));
    assertEquals(DEAD_LETTER, LoadErrorClassifier.classify(new SecretDecryptionException("x")));
    assertEquals(DEAD_LETTER, LoadErrorClassifier.classify(new InvalidBatchException("x")));
    assertFalse(LoadErrorClassifier.isRetriable(new InvalidBatchException("x")));
  }

  @Test
  void destinationDownIsRetried() {
    assertEquals(RETRY, LoadErrorClassifier.classify(new ConnectException("Connection refused")));
    assertEquals(RETRY, LoadErrorClassifier.classify(new IOException("reset")));
    assertEquals(RETRY, LoadErrorClassifier.classify(pg("57P01")), "admin shutdown");
    assertEquals(RETRY, LoadErrorClassifier.classify(pg("53300")), "too many connections");
    assertEquals(RETRY, LoadErrorClassifier.classify(pg("08006")), "connection failure");
    assertEquals(RETRY, LoadErrorClassifier.classify(pg("40P01")), "deadlock");
    assertTrue(LoadErrorClassifier.isRetriable(pg("57P01")));
  }

  @Test
  void revokedPrivilegesAreRetriedUntilGrantedAgain() {
    assertEquals(RETRY, LoadErrorClassifier.classify(pg("42501")));
    assertEquals(RETRY, LoadErrorClassifier.classify(pg("28P01")), "wrong password");
  }

  @Test
  void staleTableModelIsReloaded() {
    assertEquals(RELOAD_SCHEMA, LoadErrorClassifier.classify(pg("42703")));
    assertEquals(RELOAD_SCHEMA, LoadErrorClassifier.classify(pg("42P01")));
    assertEquals(RELOAD_SCHEMA, LoadErrorClassifier.classify(pg("42804")));
    assertTrue(LoadErrorClassifier.isRetriable(pg("42703")));
    assertEquals(
        RELOAD_SCHEMA,
        LoadErrorClassifier.classify(new SchemaConflictException(pg("23505"))),
        "two sessions creating the same name at once");
  }

  @Test
  void refusedValuesAreIsolatedRecordByRecord() {
    assertEquals(ISOLATE_RECORDS, LoadErrorClassifier.classify(pg("22021")), "NUL byte");
    assertEquals(ISOLATE_RECORDS, LoadErrorClassifier.classify(pg("22P05")), "bad escape");
    assertEquals(ISOLATE_RECORDS, LoadErrorClassifier.classify(pg("23502")), "not null");
    assertFalse(LoadErrorClassifier.isRetriable(pg("22021")));
  }

  @Test
  void walksTheCauseChain() {
    Throwable wrapped = new CompletionException(new RuntimeException(pg("22021")));
    assertEquals(ISOLATE_RECORDS, LoadErrorClassifier.classify(wrapped));
    Throwable poison = new RuntimeException(new MalformedMessageException("bad", null));
    assertEquals(DEAD_LETTER, LoadErrorClassifier.classify(poison));
  }

  @Test
  void closedConnectionsAndPoolTimeoutsAreRetried() {
    assertEquals(RETRY, LoadErrorClassifier.classify(new VertxException("Connection closed")));
    assertEquals(RETRY, LoadErrorClassifier.classify(new TimeoutException("pool")));
  }

  @Test
  void defectsAreDeadLetteredRatherThanRetriedForever() {
    assertEquals(DEAD_LETTER, LoadErrorClassifier.classify(new IllegalStateException("bug")));
    assertEquals(DEAD_LETTER, LoadErrorClassifier.classify(new NullPointerException()));
  }
}
