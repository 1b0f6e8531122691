package io.kvsync.extractor.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.testing.ExternalServices;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The test's side of the bus: sends commands to the extractor's test exchange and collects the
 * batches and slice outcomes it publishes (through private, auto-deleted queues, so only what was
 * published after the probe opened is seen; tests look only at their own command ids).
 */
public final class BusProbe implements AutoCloseable {

  public static final String COMMANDS_EXCHANGE = "it-extractor.sync.commands";
  public static final String RECORDS_EXCHANGE = "it-extractor.records";
  public static final String PROGRESS_EXCHANGE = "it-extractor.sync.progress";

  private final Connection connection;
  private final Channel channel;
  private final List<RecordBatch> batches = new CopyOnWriteArrayList<>();
  private final List<String> batchRoutingKeys = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<UUID, SliceExtracted> outcomes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UUID, String> outcomeRoutingKeys = new ConcurrentHashMap<>();

  public BusProbe() throws Exception {
    ExternalServices.Endpoints endpoints = ExternalServices.start();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(endpoints.rabbitHost());
    factory.setPort(endpoints.rabbitPort());
    factory.setUsername(endpoints.rabbitUser());
    factory.setPassword(endpoints.rabbitPassword());
    connection = factory.newConnection("extractor-test-probe");
    channel = connection.createChannel();
    channel.exchangeDeclare(COMMANDS_EXCHANGE, "direct", true);
    channel.exchangeDeclare(RECORDS_EXCHANGE, "direct", true);
    channel.exchangeDeclare(PROGRESS_EXCHANGE, "topic", true);
    String batchQueue = channel.queueDeclare().getQueue();
    channel.queueBind(batchQueue, RECORDS_EXCHANGE, "load");
    String progressQueue = channel.queueDeclare().getQueue();
    channel.queueBind(progressQueue, PROGRESS_EXCHANGE, "extracted.#");
    DeliverCallback onBatch =
        (tag, delivery) -> {
          batches.add(WireFormat.decode(delivery.getBody(), RecordBatch.class));
          batchRoutingKeys.add(delivery.getEnvelope().getRoutingKey());
        };
    DeliverCallback onProgress =
        (tag, delivery) -> {
          SliceExtracted outcome = WireFormat.decode(delivery.getBody(), SliceExtracted.class);
          outcomes.put(outcome.commandId(), outcome);
          outcomeRoutingKeys.put(outcome.commandId(), delivery.getEnvelope().getRoutingKey());
        };
    channel.basicConsume(batchQueue, true, onBatch, tag -> {});
    channel.basicConsume(progressQueue, true, onProgress, tag -> {});
  }

  public synchronized void send(SyncCommand command) throws Exception {
    channel.basicPublish(
        COMMANDS_EXCHANGE,
        "extract",
        new com.rabbitmq.client.AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .deliveryMode(2)
            .build(),
        WireFormat.encode(command));
  }

  /** Waits for the slice's outcome, then gives a moment for nothing more to arrive. */
  public SliceExtracted awaitOutcome(UUID commandId, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!outcomes.containsKey(commandId)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("No SliceExtracted for command " + commandId + " in " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return outcomes.get(commandId);
  }

  public List<RecordBatch> batchesOf(UUID commandId) {
    return batches.stream().filter(b -> commandId.equals(b.commandId())).toList();
  }

  public String outcomeRoutingKey(UUID commandId) {
    return outcomeRoutingKeys.get(commandId);
  }

  public List<String> batchRoutingKeys() {
    return List.copyOf(batchRoutingKeys);
  }

  @Override
  public void close() throws Exception {
    connection.close();
  }
}
