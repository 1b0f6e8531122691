package io.kvsync.common.destination;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * What went wrong connecting to a destination, in categories a person can act on. The one place
 * that reads the driver's failures for this: answers give the category and its advice, never the
 * driver's own text (which can reveal what a port runs, or which users exist).
 */
public enum ConnectionProblem {
  AUTHENTICATION_FAILED(
      "authentication failed",
      "password",
      "the server refused this user name and password; check both, and that pg_hba.conf admits"
          + " the user from this service's address"),
  HOST_UNREACHABLE(
      "host unreachable",
      "host",
      "nothing accepted a PostgreSQL connection at this host and port; check both, and that the"
          + " server listens there and a firewall lets this service through"),
  TIMEOUT(
      "timeout",
      "host",
      "the server did not answer in time; check the host and port, and the network between them"),
  TLS_REQUIRED(
      "TLS required",
      "ssl_mode",
      "the server accepts only encrypted connections; set ssl_mode to require, verify-ca or"
          + " verify-full"),
  TLS_UNAVAILABLE(
      "TLS not offered",
      "ssl_mode",
      "the server does not accept encrypted connections; turn on ssl in its postgresql.conf, or"
          + " set ssl_mode to disable if the network between is trusted"),
  CERTIFICATE_NOT_TRUSTED(
      "certificate not trusted",
      "ca_certificate",
      "the server's certificate is not signed by a trusted certificate authority, or does not name"
          + " the host (verify-full); give the server's CA as ca_certificate (PEM), or connect by"
          + " the name its certificate holds (the TLS handshake failed)"),
  DATABASE_OR_SCHEMA_MISSING(
      "database or schema missing",
      "database",
      "the database (or the schema) does not exist on the server; create it, or correct the name"),
  PERMISSION_DENIED(
      "permission denied",
      "user",
      "the user may not connect to the database or create the schema; grant it CONNECT and"
          + " CREATE on the database (or CREATE and USAGE on the schema)"),
  CONNECTION_FAILED(
      "connection failed",
      null,
      "the server closed or refused the connection for another reason; its log says why");

  private final String label;
  private final String field;
  private final String advice;

  ConnectionProblem(String label, String field, String advice) {
    this.label = label;
    this.field = field;
    this.advice = advice;
  }

  /** The category's name as answers and the documentation state it, e.g. "TLS required". */
  public String label() {
    return label;
  }

  /** The API field a person would change to fix it, or null. */
  public String field() {
    return field;
  }

  /** What to check or change. */
  public String advice() {
    return advice;
  }

  /** e.g. {@code TLS required: the server accepts only encrypted connections; ...} */
  public String explanation() {
    return label + ": " + advice;
  }

  /**
   * The category of a failure to connect or to run the first statement, by walking its cause chain:
   * the server's SQLSTATE when it answered, the failure to reach it otherwise.
   */
  public static ConnectionProblem of(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      ConnectionProblem problem = ofOne(cause);
      if (problem != null) {
        return problem;
      }
    }
    return CONNECTION_FAILED;
  }

  /** The category of one link of a cause chain, or null when it says nothing. */
  public static ConnectionProblem ofOne(Throwable cause) {
    if (cause instanceof PgException pg && pg.getSqlState() != null) {
      return ofSqlState(pg.getSqlState(), pg.getErrorMessage());
    }
    if (cause instanceof CertificateException) {
      return CERTIFICATE_NOT_TRUSTED;
    }
    if (cause instanceof SSLException) {
      return certificateProblem(cause) ? CERTIFICATE_NOT_TRUSTED : null;
    }
    if (cause instanceof io.netty.channel.ConnectTimeoutException
        || cause instanceof TimeoutException) {
      return TIMEOUT;
    }
    if (cause instanceof ConnectException
        || cause instanceof NoRouteToHostException
        || cause instanceof UnknownHostException) {
      return HOST_UNREACHABLE;
    }
    String message = lower(cause.getMessage());
    // Vert.x reports a failed handshake without its reason; with the certificate checked, that
    // reason is the certificate (its issuer or its names) in all but rare cases.
    if (message.contains("ssl handshake failed")) {
      return CERTIFICATE_NOT_TRUSTED;
    }
    // Vert.x answers a server without TLS, when TLS is required, with a plain exception.
    if (message.contains("does not handle ssl") || message.contains("ssl not supported")) {
      return TLS_UNAVAILABLE;
    }
    return null;
  }

  private static ConnectionProblem ofSqlState(String sqlState, String serverMessage) {
    String message = lower(serverMessage);
    switch (sqlState) {
      case "28P01":
        return AUTHENTICATION_FAILED;
      case "28000":
        // pg_hba.conf has no line for a plain connection ("SSL off" before 14, "no encryption"
        // since) while it has hostssl ones: the server requires TLS.
        if (message.contains("no pg_hba.conf entry")
            && (message.contains("ssl off") || message.contains("no encryption"))) {
          return TLS_REQUIRED;
        }
        return AUTHENTICATION_FAILED;
      case "3D000":
      case "3F000":
        return DATABASE_OR_SCHEMA_MISSING;
      case "42501":
        return PERMISSION_DENIED;
      default:
        break;
    }
    if (sqlState.startsWith("28")) {
      return AUTHENTICATION_FAILED;
    }
    if (sqlState.startsWith("08")) {
      return HOST_UNREACHABLE;
    }
    return CONNECTION_FAILED;
  }

  private static boolean certificateProblem(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      String message = lower(cause.getMessage());
      if (cause instanceof CertificateException
          || cause instanceof java.security.cert.CertPathValidatorException
          || message.contains("pkix")
          || message.contains("certificate")
          || message.contains("subject alternative name")) {
        return true;
      }
    }
    return false;
  }

  private static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }

  private static Throwable next(Throwable cause) {
    Throwable next = cause.getCause();
    return next == cause ? null : next;
  }
}
