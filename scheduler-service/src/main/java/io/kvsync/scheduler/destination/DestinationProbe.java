package io.kvsync.scheduler.destination;

import io.kvsync.common.destination.ConnectionProblem;
import io.kvsync.common.destination.DestinationConnections;
import io.kvsync.common.destination.DestinationHostRefusedException;
import io.kvsync.common.destination.DestinationNetworks;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.scheduler.rest.ApiProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Checks that a destination's host is one destinations may use, that it accepts a connection with
 * the destination's TLS settings, and that its schema can be created there. Answers say what went
 * wrong in a category a person can act on ({@link ConnectionProblem}), never with the driver's
 * text.
 */
@ApplicationScoped
public class DestinationProbe {

  private static final Logger LOG = Logger.getLogger(DestinationProbe.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject Vertx vertx;
  @Inject DestinationNetworks networks;

  /**
   * @throws ApiProblem 422 naming {@code host} and the rule when the host is not allowed, or naming
   *     the category of the failure when the connection or the check fails
   */
  public Uni<Void> check(DestinationSpec spec) {
    return hostAllowed(spec.host(), true)
        .chain(() -> connectAndCheck(spec))
        .ifNoItem()
        .after(TIMEOUT)
        .failWith(TimeoutException::new)
        .onFailure(failure -> !(failure instanceof ApiProblem))
        .transform(failure -> refusal(spec, failure));
  }

  /**
   * Refuses a host that resolves to an address destinations may not use. A host that does not
   * resolve passes unless {@code mustResolve}: the loader checks it again before it connects.
   */
  public Uni<Void> hostAllowed(String host, boolean mustResolve) {
    return vertx
        .<Void>executeBlocking(
            Uni.createFrom()
                .item(
                    () -> {
                      try {
                        networks.check(host);
                      } catch (UnknownHostException e) {
                        if (mustResolve) {
                          throw new UncheckedIOException(e);
                        }
                      }
                      return null;
                    }),
            false)
        .onFailure(DestinationHostRefusedException.class)
        .transform(refused -> ApiProblem.invalid("host", refused.getMessage()));
  }

  private Uni<Void> connectAndCheck(DestinationSpec spec) {
    PgConnectOptions options =
        DestinationConnections.options(spec).setConnectTimeout((int) TIMEOUT.toMillis());
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
        .map(
            rows -> {
              if (!rows.iterator().next().getBoolean(0)) {
                throw ApiProblem.invalid(
                    "schema",
                    ConnectionProblem.PERMISSION_DENIED.label()
                        + ": user "
                        + spec.user()
                        + " may not create schema "
                        + spec.schema()
                        + " in database "
                        + spec.database());
              }
              return (Void) null;
            });
  }

  private static ApiProblem refusal(DestinationSpec spec, Throwable failure) {
    ConnectionProblem problem = ConnectionProblem.of(failure);
    // The driver's own words stay in the log, for whoever runs the service; never in the answer.
    LOG.infof(
        "The connection test of %s failed: %s (%s: %s)",
        spec, problem.label(), failure.getClass().getName(), failure.getMessage());
    return ApiProblem.invalid(
        problem.field(), "Cannot connect to " + spec.poolKey() + ": " + problem.explanation());
  }
}
