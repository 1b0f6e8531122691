package io.kvsync.common.secret;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.destination.SslMode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where a pipeline's tables live. Travels sealed with {@link SecretCipher}, because it holds the
 * database password.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DestinationSpec(
    String host,
    int port,
    String database,
    String user,
    String password,
    String schema,
    @JsonProperty("tablePrefix") String tablePrefix,
    @JsonProperty("sslMode") String sslMode,
    @JsonProperty("caCertificate") String caCertificate) {

  /** A destination reached without TLS (on the machine itself, or as older messages had it). */
  public DestinationSpec(
      String host,
      int port,
      String database,
      String user,
      String password,
      String schema,
      String tablePrefix) {
    this(host, port, database, user, password, schema, tablePrefix, null, null);
  }

  /** How to use TLS; absent (a message from before TLS settings) means {@code disable}. */
  public SslMode ssl() {
    return sslMode == null ? SslMode.DISABLE : SslMode.of(sslMode);
  }

  /** A stable key for pooling connections: everything but the password. */
  public String poolKey() {
    return user + "@" + host + ":" + port + "/" + database;
  }

  /** Seals it for a message, with the newest key, bound to {@link SealedPlace#BUS_DESTINATION}. */
  public String seal(SecretCipher cipher) {
    try {
      return cipher.encrypt(
          WireFormat.mapper().writeValueAsString(this), SealedPlace.BUS_DESTINATION);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws SecretDecryptionException when the sealed text does not open with this key, or opens to
   *     something that is not a destination: nothing a retry can fix
   */
  public static DestinationSpec unseal(String sealed, SecretCipher cipher) {
    String plain = cipher.decrypt(sealed, SealedPlace.BUS_DESTINATION);
    try {
      return WireFormat.mapper().readValue(plain, DestinationSpec.class);
    } catch (IOException e) {
      throw new SecretDecryptionException("The sealed destination is not a destination spec", e);
    }
  }

  @Override
  public String toString() {
    return "DestinationSpec["
        + poolKey()
        + " schema="
        + schema
        + " prefix="
        + tablePrefix
        + " ssl="
        + ssl().wireName()
        + "]";
  }
}
