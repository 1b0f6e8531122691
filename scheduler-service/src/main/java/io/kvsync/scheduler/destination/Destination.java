package io.kvsync.scheduler.destination;

import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.common.secret.SealedPlace;
import io.kvsync.common.secret.SecretCipher;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A PostgreSQL database and schema that pipelines replicate into. The password and the CA
 * certificate are sealed.
 */
@Entity
@Table(name = "destinations")
public class Destination extends PanacheEntityBase {

  @Id public UUID id;

  @Column(nullable = false, unique = true, length = 255)
  public String name;

  @Column(nullable = false)
  public String type;

  @Column(nullable = false)
  public String host;

  public int port;

  @Column(name = "database_name", nullable = false)
  public String database;

  @Column(name = "user_name", nullable = false)
  public String user;

  @Column(name = "password_sealed", columnDefinition = "text")
  public String passwordSealed;

  /** {@code disable}, {@code require}, {@code verify-ca} or {@code verify-full}. */
  @Column(name = "ssl_mode", nullable = false)
  public String sslMode;

  @Column(name = "ca_certificate_sealed", columnDefinition = "text")
  public String caCertificateSealed;

  @Column(name = "schema_name", nullable = false)
  public String schema;

  @Column(name = "table_prefix", nullable = false)
  public String tablePrefix;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** The connection spec with the clear password, only ever passed on sealed. */
  public DestinationSpec spec(SecretCipher cipher) {
    String password =
        passwordSealed == null
            ? ""
            : cipher.decrypt(passwordSealed, SealedPlace.destinationPassword(id));
    String caCertificate =
        caCertificateSealed == null
            ? null
            : cipher.decrypt(caCertificateSealed, SealedPlace.destinationCaCertificate(id));
    return new DestinationSpec(
        host, port, database, user, password, schema, tablePrefix, sslMode, caCertificate);
  }

  /**
   * Where the tables of a pipeline into this destination live; one pipeline owns each place
   * (docs/adr/0008). Schema and prefix are quoted identifiers, so only the host ignores case.
   */
  public String tablesKey() {
    return host.toLowerCase(java.util.Locale.ROOT)
        + ":"
        + port
        + "/"
        + database
        + "/"
        + schema
        + "/"
        + tablePrefix;
  }

  /** Where the tables live, as a user reads it in an answer. */
  public String tablesPlace() {
    return "schema "
        + schema
        + (tablePrefix.isEmpty() ? "" : " with table prefix '" + tablePrefix + "'")
        + " of database "
        + database
        + " on "
        + host
        + ":"
        + port;
  }

  /** The connection spec sealed for the bus. */
  public String sealedSpec(SecretCipher cipher) {
    return spec(cipher).seal(cipher);
  }
}
