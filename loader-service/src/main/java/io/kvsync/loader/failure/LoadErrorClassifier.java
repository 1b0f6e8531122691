package io.kvsync.loader.failure;

import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.secret.SecretDecryptionException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * The loader's single decision on what a failure means, made by walking the cause chain. The rule:
 * a message nothing can fix goes to the dead-letter queue; a table that changed under us is
 * re-read; a record the database refuses is set aside; everything else (the destination down,
 * refusing connections, out of resources) is retried until it works, because a batch is never lost.
 */
public final class LoadErrorClassifier {

  /** What to do about a failure. */
  public enum Decision {
    /** Wait (capped backoff) and try the same batch again; the message stays unacknowledged. */
    RETRY,
    /** Another loader changed the table: forget the cached model, then retry. */
    RELOAD_SCHEMA,
    /** Some record's value is refused by the database: load the records one by one. */
    ISOLATE_RECORDS,
    /**
     * The message is unusable (undecodable, unknown object, foreign key), or a defect: dead-letter.
     */
    DEAD_LETTER
  }

  private LoadErrorClassifier() {}

  public static Decision classify(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof MalformedMessageException
          || cause instanceof SecretDecryptionException
          || cause instanceof InvalidBatchException) {
        return Decision.DEAD_LETTER;
      }
      if (cause instanceof SchemaConflictException) {
        return Decision.RELOAD_SCHEMA;
      }
      if (cause instanceof PgException pg && pg.getSqlState() != null) {
        return classifySqlState(pg.getSqlState());
      }
      if (cause instanceof IOException
          || cause instanceof TimeoutException
          || cause instanceof VertxException) {
        return Decision.RETRY; // connection refused, reset or closed; pool wait timed out
      }
    }
    return Decision.DEAD_LETTER;
  }

  /** Whether the failure is worth another attempt of the same batch. */
  public static boolean isRetriable(Throwable failure) {
    Decision decision = classify(failure);
    return decision == Decision.RETRY || decision == Decision.RELOAD_SCHEMA;
  }

  static Decision classifySqlState(String sqlState) {
    return switch (sqlState) {
      // undefined_table, undefined_column, datatype_mismatch, wrong_object_type
      case "42P01", "42703", "42804", "42809" -> Decision.RELOAD_SCHEMA;
      default -> {
        String sqlClass = sqlState.substring(0, 2);
        // 22: data exception (e.g. a NUL character, a number out of range); 23: a constraint.
        yield sqlClass.equals("22") || sqlClass.equals("23")
            ? Decision.ISOLATE_RECORDS
            : Decision.RETRY;
      }
    };
  }

  private static Throwable next(Throwable cause) {
    Throwable next = cause.getCause();
    return next == cause ? null : next;
  }
}
