package io.kvsync.common.bus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The bus settings every service shares ({@code kvsync.bus.*}). */
@ConfigMapping(prefix = "kvsync.bus")
public interface BusSettings {

  /**
   * The largest message body the bus carries: the broker's {@code max_message_size} in every
   * deployment, and what every RabbitMQ client of the service accepts.
   */
  @WithDefault("" + BusLimits.DEFAULT_MAX_MESSAGE_BYTES)
  long maxMessageBytes();
}
