package io.kvsync.common.destination;

import io.kvsync.common.secret.DestinationSpec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;

/**
 * The connection options of a destination, the same for the scheduler's connection test and the
 * loader's pools, so that what the test accepted is what the loader connects with.
 */
public final class DestinationConnections {

  private DestinationConnections() {}

  /** Host, port, database, user, password and TLS of the destination; callers add timeouts. */
  public static PgConnectOptions options(DestinationSpec spec) {
    PgConnectOptions options =
        new PgConnectOptions()
            .setHost(spec.host())
            .setPort(spec.port())
            .setDatabase(spec.database())
            .setUser(spec.user())
            .setPassword(spec.password() == null ? "" : spec.password());
    SslMode mode = spec.ssl();
    switch (mode) {
      case DISABLE -> options.setSslMode(io.vertx.pgclient.SslMode.DISABLE);
      case REQUIRE ->
          // libpq's require: encrypted, the certificate not checked.
          options.setSslMode(io.vertx.pgclient.SslMode.REQUIRE).setTrustAll(true);
      case VERIFY_CA ->
          options.setSslMode(io.vertx.pgclient.SslMode.VERIFY_CA).setTrustOptions(trust(spec));
      case VERIFY_FULL ->
          options
              .setSslMode(io.vertx.pgclient.SslMode.VERIFY_FULL)
              .setTrustOptions(trust(spec))
              .setHostnameVerificationAlgorithm("HTTPS");
    }
    return options;
  }

  /** The destination's own CA when it has one, the JVM's trusted CAs otherwise. */
  private static TrustOptions trust(DestinationSpec spec) {
    if (spec.caCertificate() != null && !spec.caCertificate().isBlank()) {
      return new PemTrustOptions().addCertValue(Buffer.buffer(spec.caCertificate()));
    }
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      return TrustOptions.wrap(factory);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JVM's trusted certificate authorities are unusable", e);
    }
  }
}
