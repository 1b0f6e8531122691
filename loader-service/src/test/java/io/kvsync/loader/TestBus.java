package io.kvsync.loader;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.kvsync.common.contract.BatchHeaders;
import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.RunCancelled;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.testing.ExternalServices;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The test side of the bus: publishes to the loader's test exchanges, reads the {@code BatchLoaded}
 * it answers from a private queue bound to the test progress exchange, and finds parked messages in
 * the test dead-letter queue.
 */
public final class TestBus implements AutoCloseable {

  public static final String RECORDS_EXCHANGE = "it-loader.records";
  public static final String PROGRESS_EXCHANGE = "it-loader.sync.progress";
  public static final String CONTROL_EXCHANGE = "it-loader.sync.control";
  public static final String BATCHES_DLQ = "it-loader.loader.batches.dlq";

  /** A message found in a dead-letter queue. */
  public record Parked(byte[] body, Map<String, Object> headers) {
    public String header(String name) {
      Object value = headers.get(name);
      return value == null ? null : value.toString();
    }
  }

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
    channel.exchangeDeclare(CONTROL_EXCHANGE, "fanout", true);
    progressQueue = channel.queueDeclare().getQueue();
    channel.queueBind(progressQueue, PROGRESS_EXCHANGE, "loaded.#");
    channel.confirmSelect();
  }

  /** Publishes a message as its producer does: a batch carries its reference as headers. */
  public void publish(String routingKey, Object message) throws Exception {
    Map<String, Object> headers =
        message instanceof RecordBatch batch ? BatchHeaders.of(batch.ref()) : Map.of();
    publish(routingKey, WireFormat.encode(message), headers);
  }

  public void publish(String routingKey, byte[] body, Map<String, Object> headers)
      throws Exception {
    channel.basicPublish(
        RECORDS_EXCHANGE,
        routingKey,
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .deliveryMode(MessageProperties.PERSISTENT_BASIC.getDeliveryMode())
            .headers(headers)
            .build(),
        body);
    channel.waitForConfirmsOrDie(10_000);
  }

  /** Broadcasts the cancellation of a job, as the scheduler does. */
  public void cancel(UUID jobId) throws Exception {
    channel.basicPublish(
        CONTROL_EXCHANGE,
        "",
        MessageProperties.PERSISTENT_BASIC,
        WireFormat.encode(
            new RunCancelled(
                RunCancelled.SCHEMA_VERSION, jobId, UUID.randomUUID(), Instant.now())));
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

  /**
   * Takes the parked message {@code wanted} picks out of {@code queue}, leaving the others there
   * (the queue is durable and holds the messages of earlier runs too).
   */
  public Parked awaitParked(String queue, Predicate<Parked> wanted, Duration timeout)
      throws Exception {
    List<Parked> found = new CopyOnWriteArrayList<>();
    Channel reader = connection.createChannel();
    try {
      reader.basicConsume(
          queue,
          false,
          (tag, delivery) -> {
            Map<String, Object> headers = delivery.getProperties().getHeaders();
            Parked parked = new Parked(delivery.getBody(), headers == null ? Map.of() : headers);
            if (wanted.test(parked)) {
              reader.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
              found.add(parked);
            }
            // Others stay unacknowledged, and go back to the queue when the reader closes.
          },
          tag -> {});
      long deadline = System.nanoTime() + timeout.toNanos();
      while (found.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } finally {
      reader.close();
    }
    if (found.isEmpty()) {
      throw new AssertionError("Nothing wanted was parked in " + queue + " within " + timeout);
    }
    return found.get(0);
  }

  /** The parked batch {@code batchId}, found by the reference its headers carry. */
  public Parked awaitParkedBatch(UUID batchId, Duration timeout) throws Exception {
    return awaitParked(
        BATCHES_DLQ,
        parked ->
            BatchHeaders.read(parked.headers())
                .map(ref -> batchId.equals(ref.batchId()))
                .orElse(false),
        timeout);
  }

  @Override
  public void close() throws Exception {
    connection.close();
  }
}
