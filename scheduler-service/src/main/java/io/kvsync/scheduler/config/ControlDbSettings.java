package io.kvsync.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * {@code kvsync.control-db.*}: the control database's TLS as the operator sets it ({@code
 * CONTROL_DB_SSL_MODE}, {@code CONTROL_DB_CA_CERT_FILE}). {@link ControlDbTls} turns these into the
 * reactive datasource's settings before the datasource reads its own.
 */
@ConfigMapping(prefix = "kvsync.control-db")
public interface ControlDbSettings {

  /** {@code disable}, {@code require}, {@code verify-ca} or {@code verify-full}. */
  @WithDefault("disable")
  String sslMode();

  /** The PEM file of the CA the server's certificate must chain to; empty is none. */
  Optional<String> caCertFile();
}
