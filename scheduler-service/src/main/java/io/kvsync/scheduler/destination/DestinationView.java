package io.kvsync.scheduler.destination;

import java.time.Instant;
import java.util.UUID;

/**
 * A destination as the API shows it: never with its password, and with only whether it has a CA
 * certificate.
 */
public record DestinationView(
    UUID id,
    String name,
    String type,
    String host,
    int port,
    String database,
    String user,
    String schema,
    String tablePrefix,
    String sslMode,
    boolean caCertificateSet,
    Instant createdAt,
    Instant updatedAt) {

  static DestinationView of(Destination d) {
    return new DestinationView(
        d.id,
        d.name,
        d.type,
        d.host,
        d.port,
        d.database,
        d.user,
        d.schema,
        d.tablePrefix,
        d.sslMode,
        d.caCertificateSealed != null,
        d.createdAt,
        d.updatedAt);
  }
}
