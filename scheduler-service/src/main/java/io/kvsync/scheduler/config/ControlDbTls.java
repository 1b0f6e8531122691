package io.kvsync.scheduler.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * TLS to the control database, as libpq's {@code sslmode} says it: {@code CONTROL_DB_SSL_MODE}
 * ({@code kvsync.control-db.ssl-mode}) and {@code CONTROL_DB_CA_CERT_FILE} ({@code
 * kvsync.control-db.ca-cert-file}) become the reactive datasource's settings, which every control
 * database connection of the service (Hibernate Reactive, the schema and its advisory lock, the
 * plain pool) shares. One mode picks several of Quarkus' keys at once, hence a config source:
 *
 * <ul>
 *   <li>{@code disable}: plain TCP; a CA file is ignored.
 *   <li>{@code require}: encrypted; the server's certificate is checked against the CA file when
 *       there is one, else not at all (libpq's {@code require}).
 *   <li>{@code verify-ca}: encrypted, the certificate must chain to the CA file.
 *   <li>{@code verify-full}: as {@code verify-ca}, and the certificate must name the host.
 * </ul>
 *
 * Its values rank above application.properties and below environment variables, so an operator can
 * still set a Quarkus key directly.
 */
public class ControlDbTls implements ConfigSourceFactory {

  static final String SSL_MODE = "kvsync.control-db.ssl-mode";
  static final String CA_CERT_FILE = "kvsync.control-db.ca-cert-file";
  static final String MODE_SETTING = "CONTROL_DB_SSL_MODE (" + SSL_MODE + ")";
  static final String CA_SETTING = "CONTROL_DB_CA_CERT_FILE (" + CA_CERT_FILE + ")";

  private static final String DATASOURCE = "quarkus.datasource.reactive.";
  private static final int ORDINAL = 275;

  /** The modes, as libpq and the destinations' {@code ssl_mode} name them. */
  enum Mode {
    DISABLE,
    REQUIRE,
    VERIFY_CA,
    VERIFY_FULL;

    static Mode parse(String value) {
      String name = value == null || value.isBlank() ? "disable" : value.trim();
      try {
        return Mode.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            MODE_SETTING
                + " must be one of disable, require, verify-ca, verify-full; was '"
                + name
                + "'");
      }
    }

    String wire() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    return List.of(
        new PropertiesConfigSource(
            datasourceSettings(value(context, SSL_MODE), value(context, CA_CERT_FILE)),
            "kvsync control database TLS",
            ORDINAL));
  }

  /** The reactive datasource's keys for this mode and CA file (blank: none). */
  static Map<String, String> datasourceSettings(String sslMode, String caCertFile) {
    Mode mode = Mode.parse(sslMode);
    boolean hasCa = caCertFile != null && !caCertFile.isBlank();
    Map<String, String> settings = new HashMap<>();
    settings.put(DATASOURCE + "postgresql.ssl-mode", mode.wire());
    if (mode == Mode.DISABLE) {
      return settings;
    }
    if (hasCa) {
      Path ca = Path.of(caCertFile.trim());
      if (!Files.isReadable(ca)) {
        throw new IllegalArgumentException(
            CA_SETTING + " must name a readable PEM file; cannot read " + ca);
      }
      settings.put(DATASOURCE + "trust-certificate-pem", "true");
      settings.put(DATASOURCE + "trust-certificate-pem.certs", ca.toString());
    } else if (mode == Mode.REQUIRE) {
      // libpq's require: encrypted, whoever answers. verify-ca or verify-full check the server.
      settings.put(DATASOURCE + "trust-all", "true");
    } else {
      throw new IllegalArgumentException(
          MODE_SETTING + "=" + mode.wire() + " needs " + CA_SETTING + ": the CA to check against");
    }
    settings.put(
        DATASOURCE + "hostname-verification-algorithm",
        mode == Mode.VERIFY_FULL ? "HTTPS" : "NONE");
    return settings;
  }

  private static String value(ConfigSourceContext context, String name) {
    ConfigValue value = context.getValue(name);
    return value == null ? null : value.getValue();
  }
}
