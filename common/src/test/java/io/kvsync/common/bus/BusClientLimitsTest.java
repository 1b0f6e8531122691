package io.kvsync.common.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.kvsync.common.testing.ExternalServices;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BusClientLimitsTest {

  private static final int OVER_THE_CLIENT_DEFAULT = 70 * 1024 * 1024;

  @Test
  void aClientWithTheBusLimitReceivesAMessageOverTheJavaClientsDefault() throws Exception {
    ExternalServices.Endpoints broker = ExternalServices.start();
    // The broker of every deployment accepts the bus limit (deploy/README.md); so does this one.
    ExternalServices.rabbitmqctl(
        "eval",
        "application:set_env(rabbit, max_message_size, "
            + BusLimits.DEFAULT_MAX_MESSAGE_BYTES
            + ").");
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(broker.rabbitHost());
    factory.setPort(broker.rabbitPort());
    factory.setUsername(broker.rabbitUser());
    factory.setPassword(broker.rabbitPassword());
    // What the Vert.x client does with the options BusClientLimits customises.
    factory.setMetricsCollector(
        new BusClientLimits.InboundLimit((int) BusLimits.DEFAULT_MAX_MESSAGE_BYTES));
    byte[] body = new byte[OVER_THE_CLIENT_DEFAULT];
    Arrays.fill(body, (byte) 'x');
    try (Connection connection = factory.newConnection("bus-client-limits-test");
        Channel channel = connection.createChannel()) {
      String queue = channel.queueDeclare().getQueue();
      channel.confirmSelect();
      channel.basicPublish("", queue, null, body);
      channel.waitForConfirmsOrDie(30_000);
      GetResponse delivery = channel.basicGet(queue, true);
      assertNotNull(delivery, "the confirmed message waits in its queue");
      assertArrayEquals(body, delivery.getBody());
    }
  }

  @Test
  void aLimitOutsideWhatTheClientCanHoldIsRefused() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> new BusClientLimits(limit(3L << 30)));
    assertNotNull(refused.getMessage());
    assertTrue(refused.getMessage().contains(BusLimits.MAX_MESSAGE_BYTES_SETTING));
  }

  private static BusSettings limit(long maxMessageBytes) {
    return TestBusSettings.of(
        Map.of("kvsync.bus.max-message-bytes", String.valueOf(maxMessageBytes)));
  }
}
