package io.kvsync.loader.failure;

import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.destination.ConnectionProblem;
import io.kvsync.common.destination.DestinationHostRefusedException;
import io.kvsync.common.secret.SecretDecryptionException;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The loader's single decision on what a failure means, made by walking the cause chain, and the
 * words a person reads about it. The rule: what the same batch would meet again (a refused login, a
 * missing database, a missing privilege, a PostgreSQL limit, an unusable message) is never retried;
 * a table that changed under us is re-read; a record the database refuses is set aside; what passes
 * (the destination down or restarting, a lock or statement timeout, a deadlock, no free resources)
 * is retried, within a bound the caller sets.
 */
public final class LoadErrorClassifier {

  /** What to do about a failure. */
  public enum Decision {
    /** Transient: wait (capped backoff) and try the same batch again, within the bound. */
    RETRY,
    /** Another loader changed the table: forget the cached model, then retry. */
    RELOAD_SCHEMA,
    /** Some record's value is refused by the database: load the records one by one. */
    ISOLATE_RECORDS,
    /** No retry can load the batch: refuse it for good and park the message with the reason. */
    DEAD_LETTER
  }

  /** Whom a failure concerns. */
  private enum Scope {
    /** This batch, its table or its statement: the destination itself answered. */
    BATCH,
    /** Every batch for the destination: its login, its database, or reaching it at all. */
    DESTINATION
  }

  /** What one SQLSTATE (or SQLSTATE class) means. */
  private record Rule(Decision decision, String meaning, Scope scope) {}

  private static final Map<String, Rule> BY_SQLSTATE =
      Map.ofEntries(
          Map.entry(
              "28P01",
              destinationWide(
                  "authentication failed for the destination's user (check its password)")),
          Map.entry("3D000", destinationWide("the destination database does not exist")),
          Map.entry("3F000", deadLetter("the destination schema does not exist")),
          Map.entry(
              "42501",
              deadLetter(
                  "permission denied on the destination schema (grant the loader's user CREATE and"
                      + " USAGE on it, or CREATE on the database so that it can create the schema)")),
          Map.entry(
              "42939",
              deadLetter("the destination refuses a reserved name (a schema or table named pg_…)")),
          Map.entry("42P01", reload("a table the loader expected is missing")),
          Map.entry("42703", reload("a column the loader expected is missing")),
          Map.entry("42804", reload("a column's type changed")),
          Map.entry("42809", reload("an object has a type the loader did not expect")),
          Map.entry("54011", deadLetter("too many columns for a PostgreSQL table (1600 at most)")),
          Map.entry(
              "25006",
              deadLetter(
                  "the destination is read-only (a standby, or default_transaction_read_only)")),
          Map.entry("53100", unavailable("the destination's disk is full")),
          Map.entry("53300", unavailable("the destination has no free connection slot")),
          Map.entry(
              "55P03", retry("a lock in the destination was not granted within lock_timeout")),
          Map.entry("57014", retry("a statement ran longer than statement_timeout")),
          Map.entry("57P01", unavailable("the destination was shut down by its administrator")),
          Map.entry("57P02", unavailable("the destination crashed")),
          Map.entry("57P03", unavailable("the destination is starting up or shutting down")));

  private static final Map<String, Rule> BY_SQLSTATE_CLASS =
      Map.ofEntries(
          Map.entry("08", unavailable("the connection to the destination failed")),
          Map.entry("22", isolate("the destination refused a value")),
          Map.entry("23", isolate("the destination refused a row (a constraint)")),
          Map.entry(
              "28",
              destinationWide(
                  "authentication failed: the destination does not accept the loader's user"
                      + " (check the user name, pg_hba.conf and SSL settings)")),
          Map.entry(
              "40", retry("the destination aborted the transaction (serialization, deadlock)")),
          Map.entry("42", deadLetter("the destination refused a statement of the loader")),
          Map.entry("53", unavailable("the destination is out of resources")),
          Map.entry("54", deadLetter("the batch exceeds a PostgreSQL limit")),
          Map.entry("58", unavailable("the destination had a system error")),
          Map.entry("XX", retry("the destination had an internal error")),
          Map.entry("0A", deadLetter("the destination does not support what the loader asked")),
          Map.entry("P0", deadLetter("a function or trigger in the destination raised an error")),
          Map.entry("F0", deadLetter("the destination's configuration file is invalid")),
          Map.entry("HV", deadLetter("a foreign table in the destination failed")),
          Map.entry("72", deadLetter("the destination's snapshot is too old")),
          Map.entry("25", deadLetter("the destination refused the transaction's state")),
          Map.entry("2B", deadLetter("the destination refused a privilege change")),
          Map.entry("2D", deadLetter("the destination refused to end a transaction")),
          Map.entry("34", deadLetter("the destination refused a cursor")),
          Map.entry("3B", deadLetter("the destination refused a savepoint")),
          Map.entry("44", deadLetter("the destination refused a row through a view's check")),
          Map.entry("0B", deadLetter("the destination refused to start a transaction")),
          Map.entry("0L", deadLetter("the destination refused a grantor")),
          Map.entry("0P", deadLetter("the destination refused a role")),
          Map.entry("21", deadLetter("the batch writes a row twice in one statement")),
          Map.entry(
              "26", deadLetter("the destination lost a prepared statement (use session pooling)")),
          Map.entry("27", deadLetter("a trigger changed the data being written")),
          Map.entry("38", deadLetter("a function in the destination failed")),
          Map.entry("39", deadLetter("a function in the destination failed")));

  /** An SQLSTATE this table does not know: assumed to pass, so retried within the bound. */
  private static final Rule UNKNOWN_SQLSTATE = retry("the destination failed");

  /** SQLSTATEs of DDL that met an object created at the same moment by another session. */
  private static final Set<String> DUPLICATE_OBJECT = Set.of("42P06", "42P07", "42701", "42710");

  private LoadErrorClassifier() {}

  public static Decision classify(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      Decision decision = decisionOf(cause);
      if (decision != null) {
        return decision;
      }
    }
    return Decision.DEAD_LETTER; // a defect: retrying would meet it again
  }

  /** Whether the failure is worth another attempt of the same batch (within the bound). */
  public static boolean isTransient(Throwable failure) {
    Decision decision = classify(failure);
    return decision == Decision.RETRY || decision == Decision.RELOAD_SCHEMA;
  }

  /**
   * Whether the failure concerns every batch for the destination, whatever its table: its login is
   * refused, its database does not exist, or it cannot be reached or is restarting. A lock or
   * statement timeout, a deadlock or a refused privilege concern one batch: the destination itself
   * answered.
   */
  public static boolean concernsWholeDestination(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof PgException pg && pg.getSqlState() != null) {
        return ruleOf(pg.getSqlState()).scope() == Scope.DESTINATION;
      }
      if (refusesDestination(cause)) {
        return true;
      }
      if (decisionOf(cause) != null) {
        return decisionOf(cause) == Decision.RETRY; // not an SQLSTATE: reaching it failed
      }
    }
    return false;
  }

  /** Whether the failure is the destination's answer (an SQLSTATE), not the loader's own. */
  public static boolean isDestinationAnswer(Throwable failure) {
    return sqlFailure(failure) != null;
  }

  /**
   * Whether DDL failed because another session created the same name at the same moment, which
   * re-reading the table resolves.
   */
  public static boolean isSchemaCollision(Throwable failure) {
    PgException pg = sqlFailure(failure);
    return pg != null
        && (DUPLICATE_OBJECT.contains(pg.getSqlState())
            || ruleOf(pg.getSqlState()).decision() == Decision.ISOLATE_RECORDS);
  }

  /**
   * What the failure means, in words a person can act on, with the SQLSTATE and the destination's
   * own message when there is one.
   */
  public static String explain(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (decisionOf(cause) == null) {
        continue;
      }
      if (cause instanceof PgException pg
          && ConnectionProblem.ofOne(pg) == ConnectionProblem.TLS_REQUIRED) {
        return ConnectionProblem.TLS_REQUIRED.explanation()
            + " (SQLSTATE "
            + pg.getSqlState()
            + ": "
            + pg.getErrorMessage()
            + ")";
      }
      if (cause instanceof PgException pg && pg.getSqlState() != null) {
        return ruleOf(pg.getSqlState()).meaning()
            + " (SQLSTATE "
            + pg.getSqlState()
            + ": "
            + pg.getErrorMessage()
            + ")";
      }
      return meaningOf(cause);
    }
    return "an unexpected error in the loader: " + failure;
  }

  /** The decision one link of the cause chain makes, or null when it decides nothing. */
  private static Decision decisionOf(Throwable cause) {
    if (cause instanceof MalformedMessageException
        || cause instanceof SecretDecryptionException
        || cause instanceof InvalidBatchException) {
      return Decision.DEAD_LETTER;
    }
    if (cause instanceof SchemaConflictException) {
      return Decision.RELOAD_SCHEMA;
    }
    if (refusesDestination(cause)) {
      return Decision.DEAD_LETTER;
    }
    if (cause instanceof PgException pg && pg.getSqlState() != null) {
      return ruleOf(pg.getSqlState()).decision();
    }
    if (cause instanceof IOException
        || cause instanceof TimeoutException
        || cause instanceof VertxException) {
      return Decision.RETRY; // connection refused, reset or closed; pool wait timed out
    }
    return null;
  }

  /**
   * A destination the loader must not or cannot reach as configured, whatever the batch: its host
   * resolves to a refused address, its certificate is not trusted, or it offers no TLS.
   */
  private static boolean refusesDestination(Throwable cause) {
    if (cause instanceof DestinationHostRefusedException) {
      return true;
    }
    if (cause instanceof PgException) {
      return false;
    }
    ConnectionProblem problem = ConnectionProblem.ofOne(cause);
    return problem == ConnectionProblem.CERTIFICATE_NOT_TRUSTED
        || problem == ConnectionProblem.TLS_UNAVAILABLE;
  }

  private static String meaningOf(Throwable cause) {
    if (cause instanceof DestinationHostRefusedException) {
      return "the destination is refused: " + cause.getMessage();
    }
    if (refusesDestination(cause)) {
      return ConnectionProblem.ofOne(cause).explanation();
    }
    if (cause instanceof MalformedMessageException) {
      return "the batch cannot be decoded: " + cause.getMessage();
    }
    if (cause instanceof SecretDecryptionException) {
      return "the destination's sealed connection details cannot be opened with this loader's"
          + " master key ring (KVSYNC_MASTER_KEYS must hold the same keys in every service): "
          + cause.getMessage();
    }
    if (cause instanceof InvalidBatchException || cause instanceof SchemaConflictException) {
      return cause.getMessage();
    }
    if (cause instanceof ConnectTimeoutException) {
      return "the destination was unreachable: no answer within the connect timeout";
    }
    if (cause instanceof ConnectException) {
      return "the destination was unreachable: connection refused";
    }
    if (cause instanceof UnknownHostException) {
      return "the destination was unreachable: its host name does not resolve ("
          + cause.getMessage()
          + ")";
    }
    if (cause instanceof TimeoutException) {
      return "waiting for the destination timed out (" + cause.getMessage() + ")";
    }
    return "the connection to the destination failed (" + cause.getMessage() + ")";
  }

  private static Rule ruleOf(String sqlState) {
    Rule exact = BY_SQLSTATE.get(sqlState);
    if (exact != null) {
      return exact;
    }
    return sqlState.length() < 2
        ? UNKNOWN_SQLSTATE
        : BY_SQLSTATE_CLASS.getOrDefault(sqlState.substring(0, 2), UNKNOWN_SQLSTATE);
  }

  private static PgException sqlFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof PgException pg && pg.getSqlState() != null) {
        return pg;
      }
    }
    return null;
  }

  private static Throwable next(Throwable cause) {
    Throwable next = cause.getCause();
    return next == cause ? null : next;
  }

  private static Rule retry(String meaning) {
    return new Rule(Decision.RETRY, meaning, Scope.BATCH);
  }

  private static Rule unavailable(String meaning) {
    return new Rule(Decision.RETRY, meaning, Scope.DESTINATION);
  }

  private static Rule reload(String meaning) {
    return new Rule(Decision.RELOAD_SCHEMA, meaning, Scope.BATCH);
  }

  private static Rule isolate(String meaning) {
    return new Rule(Decision.ISOLATE_RECORDS, meaning, Scope.BATCH);
  }

  private static Rule deadLetter(String meaning) {
    return new Rule(Decision.DEAD_LETTER, meaning, Scope.BATCH);
  }

  private static Rule destinationWide(String meaning) {
    return new Rule(Decision.DEAD_LETTER, meaning, Scope.DESTINATION);
  }
}
