package io.kvsync.scheduler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.scheduler.support.TlsControlDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The scheduler on a control database that accepts only TLS: with {@code
 * CONTROL_DB_SSL_MODE=verify-full} and the server's CA as {@code CONTROL_DB_CA_CERT_FILE}, it
 * starts, applies its schema and works over encrypted connections.
 */
@QuarkusTest
@QuarkusTestResource(value = TlsControlDatabase.class, restrictToAnnotatedClass = true)
class ControlDatabaseTlsTest {

  @Inject Pool pool;
  @Inject SmallRyeConfig config;

  private Row one(String sql) {
    return pool.query(sql)
        .execute()
        .map(rows -> rows.iterator().next())
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  @Test
  void theControlDatabaseIsReachedOverVerifiedTls() {
    Row ssl = one("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    assertTrue(ssl.getBoolean("ssl"), "the pool's connection is encrypted");
    assertTrue(ssl.getString("version").startsWith("TLS"), ssl.getString("version"));
    assertEquals("kvsync_control_tls", one("SELECT current_database() AS db").getString("db"));
    assertEquals(
        1L,
        one("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'pipelines'")
            .getLong("n"),
        "the control schema was applied over TLS");
    // What made the pool check the server: its CA and its host name.
    String ds = "quarkus.datasource.reactive.";
    assertEquals("verify-full", config.getRawValue(ds + "postgresql.ssl-mode"));
    assertEquals("HTTPS", config.getRawValue(ds + "hostname-verification-algorithm"));
    assertEquals(
        config.getRawValue("CONTROL_DB_CA_CERT_FILE"),
        config.getRawValue(ds + "trust-certificate-pem.certs"));
  }

  @Test
  void theServerRefusesPlainConnections() {
    SQLException refused =
        assertThrows(
            SQLException.class,
            () ->
                DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:"
                            + TlsControlDatabase.port()
                            + "/"
                            + TlsControlDatabase.DATABASE
                            + "?sslmode=disable",
                        "postgres",
                        "")
                    .close());
    assertTrue(refused.getMessage().contains("no encryption"), refused.getMessage());
  }
}
