package io.kvsync.scheduler.destination;

import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.scheduler.rest.ApiProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** Checks that a destination accepts a connection and that its schema can be created there. */
@ApplicationScoped
public class DestinationProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject Vertx vertx;

  /**
   * @throws ApiProblem 422 with the database's reason when the connection or the check fails
   */
  public Uni<Void> check(DestinationSpec spec) {
    PgConnectOptions options =
        new PgConnectOptions()
            .setHost(spec.host())
            .setPort(spec.port())
            .setDatabase(spec.database())
            .setUser(spec.user())
            .setPassword(spec.password() == null ? "" : spec.password())
            .setConnectTimeout((int) TIMEOUT.toMillis());
    return PgConnection.connect(vertx, options)
        .flatMap(
            connection ->
                connection
                    .query(
                        "SELECT has_database_privilege(current_user, current_database(), 'CREATE')"
                            + " OR EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '"
                            + spec.schema()
                            + "')")
                    .execute()
                    .eventually(connection::close))
        .ifNoItem()
        .after(TIMEOUT)
        .failWith(() -> new IllegalStateException("no answer within " + TIMEOUT.toSeconds() + " s"))
        .map(
            rows -> {
              if (!rows.iterator().next().getBoolean(0)) {
                throw ApiProblem.invalid(
                    "schema",
                    "User "
                        + spec.user()
                        + " may not create schema "
                        + spec.schema()
                        + " in database "
                        + spec.database());
              }
              return (Void) null;
            })
        .onFailure(failure -> !(failure instanceof ApiProblem))
        .transform(
            failure ->
                ApiProblem.invalid(
                    null,
                    "Cannot connect to "
                        + spec.poolKey()
                        + ": "
                        + (failure.getMessage() == null
                            ? failure.getClass().getSimpleName()
                            : failure.getMessage())));
  }
}
