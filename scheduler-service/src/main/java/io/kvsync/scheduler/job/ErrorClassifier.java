package io.kvsync.scheduler.job;

import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.secret.SecretDecryptionException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The scheduler's one decision on failures: transient ones (the database or broker briefly away, a
 * lock conflict) are retried with backoff; every other is permanent and dead-letters the message.
 */
public final class ErrorClassifier {

  /**
   * serialization_failure, deadlock_detected, lock_not_available, query_canceled (a statement
   * timeout), connection errors, administrator shutdown and crash recovery. A constraint violation
   * (23505 and the rest of class 23) is a defect, never retried: every report is applied under its
   * job's row lock, so two replicas cannot both record it.
   */
  private static final Set<String> TRANSIENT_SQL_STATES =
      Set.of(
          "40001", "40P01", "55P03", "57014", "08000", "08003", "08006", "08001", "08004", "57P01",
          "57P02", "57P03", "53300");

  private ErrorClassifier() {}

  public static boolean isTransient(Throwable failure) {
    return causes(failure).stream().noneMatch(ErrorClassifier::isPermanent)
        && causes(failure).stream().anyMatch(ErrorClassifier::isTransientCause);
  }

  private static boolean isPermanent(Throwable t) {
    return t instanceof MalformedMessageException || t instanceof SecretDecryptionException;
  }

  private static boolean isTransientCause(Throwable t) {
    if (t instanceof io.vertx.pgclient.PgException pg) {
      return TRANSIENT_SQL_STATES.contains(pg.getSqlState());
    }
    return t instanceof ConnectException
        || t instanceof TimeoutException
        || t instanceof IOException
        || t instanceof io.vertx.sqlclient.ClosedConnectionException
        || t instanceof jakarta.persistence.OptimisticLockException
        || t instanceof org.hibernate.StaleStateException
        || t instanceof io.vertx.core.VertxException && isConnectionClosed(t);
  }

  /** The failure and every cause under it, the several causes of a composite failure included. */
  private static java.util.List<Throwable> causes(Throwable failure) {
    java.util.List<Throwable> all = new java.util.ArrayList<>();
    java.util.Deque<Throwable> pending = new java.util.ArrayDeque<>();
    pending.push(failure);
    while (!pending.isEmpty() && all.size() < 64) {
      Throwable t = pending.pop();
      if (all.contains(t)) {
        continue;
      }
      all.add(t);
      if (t instanceof io.smallrye.mutiny.CompositeException composite) {
        composite.getCauses().forEach(pending::push);
      }
      if (t.getCause() != null) {
        pending.push(t.getCause());
      }
    }
    return all;
  }

  private static boolean isConnectionClosed(Throwable t) {
    String message = t.getMessage();
    String lower = message == null ? "" : message.toLowerCase();
    return lower.contains("closed") || lower.contains("connection") && lower.contains("lost");
  }
}
