package io.kvsync.loader;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.testing.ExternalServices;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The test side of the bus: publishes to the loader's test exchange and reads the {@code
 * BatchLoaded} it answers from a private queue bound to the test progress exchange.
 */
public final class TestBus implements AutoCloseable {

  public static final String RECORDS_EXCHANGE = "it-loader.records";
  public static final String PROGRESS_EXCHANGE = "it-loader.sync.progress";

  private final Connection connection;
  private final Channel channel;
  private final String progressQueue;
  private final Map<UUID, BatchLoaded> received = new HashMap<>();

  public TestBus() throws Exception {
    ExternalServices.Endpoints e = ExternalServices.start();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(e.rabbitHost());
    factory.setPort(e.rabbitPort());
    factory.setUsername(e.rabbitUser());
    factory.setPassword(e.rabbitPassword());
    connection = factory.newConnection("loader-tests");
    channel = connection.createChannel();
    channel.exchangeDeclare(RECORDS_EXCHANGE, "direct", true);
    channel.exchangeDeclare(PROGRESS_EXCHANGE, "topic", true);
    progressQueue = channel.queueDeclare().getQueue();
    channel.queueBind(progressQueue, PROGRESS_EXCHANGE, "loaded.#");
    channel.confirmSelect();
  }

  public void publish(String routingKey, Object message) throws Exception {
    channel.basicPublish(
        RECORDS_EXCHANGE,
        routingKey,
        new com.rabbitmq.client.AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .deliveryMode(MessageProperties.PERSISTENT_BASIC.getDeliveryMode())
            .build(),
        WireFormat.encode(message));
    channel.waitForConfirmsOrDie(10_000);
  }

  /** Waits for the {@code BatchLoaded} answering {@code batchId}, ignoring others. */
  public BatchLoaded awaitLoaded(UUID batchId, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      BatchLoaded known = received.remove(batchId);
      if (known != null) {
        return known;
      }
      GetResponse response = channel.basicGet(progressQueue, true);
      if (response == null) {
        Thread.sleep(50);
        continue;
      }
      BatchLoaded loaded = WireFormat.decode(response.getBody(), BatchLoaded.class);
      if (!response.getEnvelope().getRoutingKey().equals("loaded." + loaded.object())) {
        throw new AssertionError("Wrong routing key " + response.getEnvelope().getRoutingKey());
      }
      received.put(loaded.batchId(), loaded);
    }
    throw new AssertionError("No BatchLoaded for " + batchId + " within " + timeout);
  }

  /** Whether a {@code BatchLoaded} for {@code batchId} arrives within {@code wait}. */
  public boolean answers(UUID batchId, Duration wait) throws Exception {
    try {
      awaitLoaded(batchId, wait);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    connection.close();
  }
}
