package io.kvsync.common.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ConnectionProblemTest {

  private static PgException server(String sqlState, String message) {
    return new PgException(message, "FATAL", sqlState, null);
  }

  @Test
  void theServersAnswersMapToCategories() {
    assertEquals(
        ConnectionProblem.AUTHENTICATION_FAILED,
        ConnectionProblem.of(server("28P01", "password authentication failed for user \"u\"")));
    assertEquals(
        ConnectionProblem.AUTHENTICATION_FAILED,
        ConnectionProblem.of(server("28000", "role \"nobody\" does not exist")));
    assertEquals(
        ConnectionProblem.TLS_REQUIRED,
        ConnectionProblem.of(
            server(
                "28000",
                "no pg_hba.conf entry for host \"127.0.0.1\", user \"u\", database \"d\","
                    + " no encryption")));
    assertEquals(
        ConnectionProblem.TLS_REQUIRED,
        ConnectionProblem.of(
            server("28000", "no pg_hba.conf entry for host \"10.0.0.1\", user \"u\", SSL off")));
    assertEquals(
        ConnectionProblem.DATABASE_OR_SCHEMA_MISSING,
        ConnectionProblem.of(server("3D000", "database \"x\" does not exist")));
    assertEquals(
        ConnectionProblem.PERMISSION_DENIED,
        ConnectionProblem.of(server("42501", "permission denied for database x")));
  }

  @Test
  void failuresToReachTheServerMapToCategoriesThroughTheCauseChain() {
    assertEquals(
        ConnectionProblem.HOST_UNREACHABLE,
        ConnectionProblem.of(new RuntimeException(new ConnectException("Connection refused"))));
    assertEquals(
        ConnectionProblem.HOST_UNREACHABLE,
        ConnectionProblem.of(new UnknownHostException("nowhere.invalid")));
    assertEquals(ConnectionProblem.TIMEOUT, ConnectionProblem.of(new TimeoutException()));
    SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
    untrusted.initCause(new CertificateException("unable to find valid certification path"));
    assertEquals(
        ConnectionProblem.CERTIFICATE_NOT_TRUSTED,
        ConnectionProblem.of(new RuntimeException(untrusted)));
    // What Vert.x reports, without a cause, when the handshake fails on the certificate.
    assertEquals(
        ConnectionProblem.CERTIFICATE_NOT_TRUSTED,
        ConnectionProblem.of(new io.vertx.core.VertxException("SSL handshake failed", true)));
    assertEquals(
        ConnectionProblem.CONNECTION_FAILED,
        ConnectionProblem.of(new IllegalStateException("something else")));
  }
}
