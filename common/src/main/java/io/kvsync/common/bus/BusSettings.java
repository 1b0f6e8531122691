package io.kvsync.common.bus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The bus settings every service shares ({@code kvsync.bus.*}). */
@ConfigMapping(prefix = "kvsync.bus")
public interface BusSettings {

  /**
   * The largest message body the bus carries: the broker's {@code max_message_size} in every
   * deployment, and what every RabbitMQ client of the service accepts.
   */
  @WithDefault("" + BusLimits.DEFAULT_MAX_MESSAGE_BYTES)
  long maxMessageBytes();

  /** How every RabbitMQ client of the service reaches the broker: AMQP or AMQPS. */
  Tls tls();

  /** {@code kvsync.bus.tls.*}: {@code RABBITMQ_TLS} and {@code RABBITMQ_CA_CERT_FILE}. */
  interface Tls {

    /** AMQPS: the broker's certificate is checked (chain and host name) before anything is sent. */
    @WithDefault("false")
    boolean enabled();

    /**
     * The PEM file of the certificate authorities the broker's certificate must chain to; without
     * it, the JVM's default trust store. An empty value is no file.
     */
    Optional<Path> caCertFile();
  }
}
