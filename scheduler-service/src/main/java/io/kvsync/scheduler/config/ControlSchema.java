package io.kvsync.scheduler.config;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Creates the control tables, or brings them up to date, before anything uses them. The schema is
 * ours (not generated) so that it evolves additively and replicas starting together serialise on an
 * advisory lock instead of racing.
 */
@ApplicationScoped
public class ControlSchema {

  private static final Logger LOG = Logger.getLogger(ControlSchema.class);
  private static final String SCRIPT = "db/control-schema.sql";
  private static final long DDL_LOCK_KEY = 0x6b76736464L;

  @Inject Pool pool;
  @Inject ControlDbSettings connections;

  void apply(@Observes @Priority(1) StartupEvent startup) {
    String ddl = script();
    pool.withTransaction(
            (SqlConnection connection) ->
                connection
                    .query("SELECT pg_advisory_xact_lock(" + DDL_LOCK_KEY + ")")
                    .execute()
                    .flatMap(locked -> connection.query(ddl).execute()))
        .await()
        .atMost(Duration.ofMinutes(1));
    LOG.infof("Control schema is up to date (ssl mode %s)", connections.sslMode());
  }

  private static String script() {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
