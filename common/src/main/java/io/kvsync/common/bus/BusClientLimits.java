package io.kvsync.common.bus;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.NoOpMetricsCollector;
import com.rabbitmq.client.impl.AMQConnection;
import com.rabbitmq.client.impl.recovery.AutorecoveringConnection;
import io.smallrye.reactive.messaging.ClientCustomizer;
import io.vertx.rabbitmq.RabbitMQOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Field;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Lets every RabbitMQ client of a service accept deliveries up to {@code
 * kvsync.bus.max-message-bytes}: the Java client refuses bodies over 64 MiB unless told otherwise,
 * and the Vert.x client the connector uses offers no option for it. The limit is set on each new
 * connection before any channel opens (channels copy it when they are created); see
 * docs/adr/0005-size-limits.md.
 */
@ApplicationScoped
public class BusClientLimits implements ClientCustomizer<RabbitMQOptions> {

  private final int maxMessageBytes;

  public BusClientLimits(BusSettings settings) {
    long maxMessageBytes = settings.maxMessageBytes();
    if (maxMessageBytes <= 0 || maxMessageBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          BusLimits.MAX_MESSAGE_BYTES_SETTING
              + " must be between 1 and "
              + Integer.MAX_VALUE
              + " bytes, was "
              + maxMessageBytes);
    }
    this.maxMessageBytes = (int) maxMessageBytes;
  }

  @Override
  public RabbitMQOptions customize(String channel, Config channelConfig, RabbitMQOptions options) {
    return options.setMetricsCollector(new InboundLimit(maxMessageBytes));
  }

  /** Raises a new connection's inbound body limit; collects no metrics. */
  static final class InboundLimit extends NoOpMetricsCollector {

    private static final Logger LOG = Logger.getLogger(BusClientLimits.class);
    private static final Field LIMIT = limitField();

    private final int maxMessageBytes;

    InboundLimit(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void newConnection(Connection connection) {
      Connection underlying =
          connection instanceof AutorecoveringConnection recovering
              ? recovering.getDelegate()
              : connection;
      if (underlying instanceof AMQConnection amq) {
        try {
          LIMIT.setInt(amq, maxMessageBytes);
          LOG.debugf("RabbitMQ connection accepts messages up to %d bytes", maxMessageBytes);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("Cannot raise the RabbitMQ client's body limit", e);
        }
      }
    }

    private static Field limitField() {
      try {
        Field field = AMQConnection.class.getDeclaredField("maxInboundMessageBodySize");
        field.setAccessible(true);
        return field;
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException(
            "This RabbitMQ client has no inbound body limit to raise", e);
      }
    }
  }
}
