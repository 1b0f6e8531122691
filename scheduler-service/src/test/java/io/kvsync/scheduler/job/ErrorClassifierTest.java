package io.kvsync.scheduler.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.secret.SecretDecryptionException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

  private static PgException sqlState(String state) {
    return new PgException("boom", "ERROR", state, null);
  }

  @Test
  void lockConflictsAndLostConnectionsAreRetried() {
    assertTrue(ErrorClassifier.isTransient(sqlState("40001")), "serialization failure");
    assertTrue(ErrorClassifier.isTransient(sqlState("40P01")), "deadlock");
    assertTrue(ErrorClassifier.isTransient(sqlState("57P01")), "server shutting down");
    assertTrue(ErrorClassifier.isTransient(sqlState("55P03")), "lock_timeout");
    assertTrue(ErrorClassifier.isTransient(sqlState("57014")), "statement_timeout");
    assertTrue(ErrorClassifier.isTransient(sqlState("08006")), "connection failure");
    assertTrue(ErrorClassifier.isTransient(sqlState("53300")), "too many connections");
    assertTrue(
        ErrorClassifier.isTransient(
            new CompletionException(new ConnectException("Connection refused"))),
        "the cause chain is walked");
    assertTrue(
        ErrorClassifier.isTransient(
            new io.smallrye.mutiny.CompositeException(
                new IllegalStateException("rollback failed"),
                io.vertx.sqlclient.ClosedConnectionException.INSTANCE)),
        "a backend terminated mid-transaction: every cause of a composite failure counts");
  }

  @Test
  void poisonAndConfigurationErrorsAreNot() {
    assertFalse(ErrorClassifier.isTransient(new MalformedMessageException("not json", null)));
    assertFalse(
        ErrorClassifier.isTransient(
            new RuntimeException(new SecretDecryptionException("other master key"))));
    assertFalse(ErrorClassifier.isTransient(sqlState("42P01")), "undefined table");
    assertFalse(
        ErrorClassifier.isTransient(sqlState("23505")),
        "a unique violation is a defect: reports are applied under their job's lock");
    assertFalse(ErrorClassifier.isTransient(sqlState("23502")), "not-null violation");
    assertFalse(ErrorClassifier.isTransient(sqlState("28P01")), "wrong password");
    assertFalse(ErrorClassifier.isTransient(sqlState("3D000")), "missing database");
    assertFalse(ErrorClassifier.isTransient(sqlState("42501")), "permission denied");
    assertFalse(ErrorClassifier.isTransient(sqlState("22001")), "value too long");
    assertFalse(ErrorClassifier.isTransient(new IllegalStateException("bug")));
    assertFalse(
        ErrorClassifier.isTransient(
            new io.smallrye.mutiny.CompositeException(
                new MalformedMessageException("not json", null), new java.io.IOException("x"))),
        "a poison message stays poison whatever else went wrong");
  }
}
