package io.kvsync.scheduler.destination;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /destinations}, {@code POST /destinations/test} and {@code PATCH
 * /destinations/{id}}. {@code resetPositions} (PATCH only) confirms a move of the tables of the
 * pipelines that use the destination: a JSON boolean, taken as it came so that anything else is
 * refused rather than coerced.
 */
public record DestinationRequest(
    String name,
    String type,
    String host,
    Integer port,
    String database,
    String user,
    String password,
    String schema,
    String tablePrefix,
    @Schema(
            enumeration = {"disable", "require", "verify-ca", "verify-full"},
            description =
                "TLS as libpq means it; default verify-full, or disable for a loopback host")
        String sslMode,
    @Schema(
            maxLength = 65536,
            writeOnly = true,
            description =
                "PEM of the CA to trust for verify-ca and verify-full; sealed, never shown (see"
                    + " ca_certificate_set)")
        String caCertificate,
    Object resetPositions) {

  /** Whether the request changes where or how the destination connects, not only its name. */
  boolean changesConnection() {
    return host != null
        || port != null
        || database != null
        || user != null
        || password != null
        || sslMode != null
        || caCertificate != null;
  }

  @Override
  public String toString() {
    return "DestinationRequest["
        + name
        + " "
        + user
        + "@"
        + host
        + ":"
        + port
        + "/"
        + database
        + " ssl="
        + sslMode
        + "]";
  }
}
