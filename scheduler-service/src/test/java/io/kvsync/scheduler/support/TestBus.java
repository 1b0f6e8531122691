package io.kvsync.scheduler.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.testing.ExternalServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * Plays the extractors and loaders on the test exchanges: watches the commands the scheduler
 * publishes and publishes progress reports back.
 */
public final class TestBus implements AutoCloseable {

  public static final String COMMANDS_EXCHANGE = "it-scheduler.sync.commands";
  public static final String PROGRESS_EXCHANGE = "it-scheduler.sync.progress";
  public static final String RECORDS_EXCHANGE = "it-scheduler.records";
  public static final String CONTROL_EXCHANGE = "it-scheduler.sync.control";

  private final Connection connection;
  private final Channel channel;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  /** A message seen on a watched exchange. */
  public record Received(String exchange, String routingKey, String contentType, byte[] body) {
    public <T> T as(Class<T> type) {
      return WireFormat.decode(body, type);
    }
  }

  public TestBus() throws Exception {
    ExternalServices.Endpoints endpoints = ExternalServices.start();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(endpoints.rabbitHost());
    factory.setPort(endpoints.rabbitPort());
    factory.setUsername(endpoints.rabbitUser());
    factory.setPassword(endpoints.rabbitPassword());
    factory.setVirtualHost(ControlPlaneServices.virtualHost());
    connection = factory.newConnection("scheduler-tests");
    channel = connection.createChannel();
    channel.confirmSelect();
    channel.exchangeDeclare(PROGRESS_EXCHANGE, "topic", true);
    watch(COMMANDS_EXCHANGE, "extract");
    watch(RECORDS_EXCHANGE, "sweep");
    watch(RECORDS_EXCHANGE, "load");
    watch(CONTROL_EXCHANGE, "fanout", "");
  }

  private void watch(String exchange, String routingKey) throws Exception {
    watch(exchange, "direct", routingKey);
  }

  private void watch(String exchange, String type, String routingKey) throws Exception {
    channel.exchangeDeclare(exchange, type, true);
    String queue = channel.queueDeclare("", false, true, true, null).getQueue();
    channel.queueBind(queue, exchange, routingKey);
    DeliverCallback onDelivery =
        (tag, delivery) ->
            received.add(
                new Received(
                    exchange,
                    delivery.getEnvelope().getRoutingKey(),
                    delivery.getProperties().getContentType(),
                    delivery.getBody()));
    channel.basicConsume(queue, true, onDelivery, tag -> {});
  }

  /** Waits for messages on an exchange matching the filter, then returns them all. */
  public List<Received> awaitMessages(String exchange, Predicate<Received> filter, int count) {
    List<Received> matching = new ArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              matching.clear();
              received.stream()
                  .filter(r -> r.exchange().equals(exchange))
                  .filter(filter)
                  .forEach(matching::add);
              return matching.size() >= count;
            });
    return List.copyOf(matching);
  }

  /** Waits for {@code count} commands of the job, then returns them all. */
  public List<SyncCommand> awaitCommands(String jobId, int count) {
    return awaitMessages(COMMANDS_EXCHANGE, r -> ofJob(r, jobId), count).stream()
        .map(r -> r.as(SyncCommand.class))
        .toList();
  }

  /** The commands of the job published so far. */
  public List<SyncCommand> commands(String jobId) {
    return messages(COMMANDS_EXCHANGE, r -> ofJob(r, jobId)).stream()
        .map(r -> r.as(SyncCommand.class))
        .toList();
  }

  private static boolean ofJob(Received command, String jobId) {
    return command.as(SyncCommand.class).jobId().toString().equals(jobId);
  }

  public List<Received> messages(String exchange, Predicate<Received> filter) {
    return received.stream().filter(r -> r.exchange().equals(exchange)).filter(filter).toList();
  }

  /**
   * Publishes a progress report as an extractor ({@code extracted.*}) or loader ({@code loaded.*}).
   */
  public void publishProgress(String routingKey, Object report) throws Exception {
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();
    channel.basicPublish(PROGRESS_EXCHANGE, routingKey, properties, WireFormat.encode(report));
    channel.waitForConfirmsOrDie(10_000);
  }

  public void publishRaw(String routingKey, byte[] body) throws Exception {
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();
    channel.basicPublish(PROGRESS_EXCHANGE, routingKey, properties, body);
    channel.waitForConfirmsOrDie(10_000);
  }

  @Override
  public void close() throws Exception {
    connection.close();
  }
}
