package io.kvsync.deploy.system;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.kvsync.common.testing.ExternalServices;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The system's broker as a test acts on it: taps that copy what is published on an exchange,
 * publishing as a service would, and the depth of the dead-letter queues. Works on the system
 * tests' own virtual host.
 */
final class Bus implements AutoCloseable {

  /** Every dead-letter queue of the system. */
  static final List<String> DEAD_LETTER_QUEUES =
      List.of(
          "extractor.commands.dlq",
          "loader.batches.dlq",
          "loader.sweeps.dlq",
          "scheduler.progress.dlq");

  /** A message as it crossed the broker. */
  record Copy(String routingKey, Map<String, Object> headers, byte[] body) {
    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Copies of everything published on one exchange with one routing key, from now on. */
  final class Tap implements AutoCloseable {
    private final String queue;
    private final List<Copy> copies = new CopyOnWriteArrayList<>();

    private Tap(String exchange, String routingKey) throws IOException {
      queue = channel.queueDeclare("", false, true, true, null).getQueue();
      channel.queueBind(queue, exchange, routingKey);
      channel.basicConsume(
          queue,
          true,
          (tag, delivery) ->
              copies.add(
                  new Copy(
                      delivery.getEnvelope().getRoutingKey(),
                      delivery.getProperties().getHeaders() == null
                          ? Map.of()
                          : Map.copyOf(delivery.getProperties().getHeaders()),
                      delivery.getBody())),
          tag -> {});
    }

    List<Copy> copies(Predicate<Copy> filter) {
      return copies.stream().filter(filter).toList();
    }

    /** Waits until {@code count} copies match, then returns them. */
    List<Copy> await(Predicate<Copy> filter, int count, Duration timeout)
        throws InterruptedException {
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline)) {
        List<Copy> matching = copies(filter);
        if (matching.size() >= count) {
          return matching;
        }
        Thread.sleep(50);
      }
      throw new AssertionError(
          "fewer than " + count + " matching messages within " + timeout + " on " + queue);
    }

    @Override
    public void close() throws IOException {
      channel.queueDelete(queue);
    }
  }

  private final Connection connection;
  private final Channel channel;

  Bus(ExternalServices.Endpoints services, String virtualHost)
      throws IOException, TimeoutException {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(services.rabbitHost());
    factory.setPort(services.rabbitPort());
    factory.setUsername(services.rabbitUser());
    factory.setPassword(services.rabbitPassword());
    factory.setVirtualHost(virtualHost);
    connection = factory.newConnection("kvsync-fault-suite");
    channel = connection.createChannel();
    channel.confirmSelect();
  }

  Tap tap(String exchange, String routingKey) throws IOException {
    return new Tap(exchange, routingKey);
  }

  /** Publishes as a service would: persistent, confirmed by the broker. */
  void publish(String exchange, String routingKey, Map<String, Object> headers, byte[] body)
      throws IOException, InterruptedException, TimeoutException {
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .deliveryMode(2)
            .headers(headers)
            .build();
    channel.basicPublish(exchange, routingKey, properties, body);
    channel.waitForConfirmsOrDie(10_000);
  }

  /** Messages waiting in a queue (0 for a queue that does not exist yet). */
  long depth(String queue) throws IOException {
    try (Channel probe = connection.createChannel()) {
      return probe.queueDeclarePassive(queue).getMessageCount();
    } catch (IOException | TimeoutException e) {
      if (e.getCause() instanceof com.rabbitmq.client.ShutdownSignalException) {
        return 0;
      }
      throw new IOException(e);
    }
  }

  /** The messages of a queue, taken off it (for dead-letter queues a scenario inspects). */
  List<Copy> drain(String queue) throws IOException {
    List<Copy> drained = new java.util.ArrayList<>();
    try (Channel reader = connection.createChannel()) {
      for (var response = reader.basicGet(queue, true);
          response != null;
          response = reader.basicGet(queue, true)) {
        drained.add(
            new Copy(
                response.getEnvelope().getRoutingKey(),
                response.getProps().getHeaders() == null
                    ? Map.of()
                    : Map.copyOf(response.getProps().getHeaders()),
                response.getBody()));
      }
    } catch (TimeoutException e) {
      throw new IOException(e);
    }
    return drained;
  }

  /** Empties every dead-letter queue, so a scenario sees only what it caused. */
  void drainDeadLetters() throws IOException {
    for (String queue : DEAD_LETTER_QUEUES) {
      if (depth(queue) > 0) {
        drain(queue);
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      connection.close();
    } catch (com.rabbitmq.client.AlreadyClosedException closedByTheBroker) {
      // a scenario closed every connection of the virtual host, this one too
    }
  }
}
