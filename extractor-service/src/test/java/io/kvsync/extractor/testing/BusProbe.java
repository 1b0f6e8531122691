package io.kvsync.extractor.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import io.kvsync.common.contract.BatchHeaders;
import io.kvsync.common.contract.BatchRef;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.RunCancelled;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceHeartbeat;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.testing.ExternalServices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The test's side of the bus: sends commands and cancellations to the extractor's test exchanges
 * and collects the batches, heartbeats and slice outcomes it publishes (through private,
 * auto-deleted queues, so only what was published after the probe opened is seen; tests look only
 * at their own command ids).
 */
public final class BusProbe implements AutoCloseable {

  /** The exchanges of the extractor under test, all named {@code <prefix>.<production name>}. */
  public record Exchanges(String commands, String records, String progress, String control) {

    public static Exchanges prefixed(String prefix) {
      return new Exchanges(
          prefix + ".sync.commands",
          prefix + ".records",
          prefix + ".sync.progress",
          prefix + ".sync.control");
    }
  }

  /** What the in-process extractor of the {@code @QuarkusTest}s uses (application.properties). */
  public static final Exchanges TEST_EXCHANGES = Exchanges.prefixed("it-extractor");

  private final Exchanges exchanges;
  private final Connection connection;
  private final Channel channel;
  private final List<RecordBatch> batches = new CopyOnWriteArrayList<>();
  private final Map<UUID, Optional<BatchRef>> batchHeaders = new ConcurrentHashMap<>();
  private final List<String> batchRoutingKeys = new CopyOnWriteArrayList<>();

  /** Heartbeats and outcomes in the order the progress queue delivered them. */
  private final List<Object> progress = new CopyOnWriteArrayList<>();

  private final Map<UUID, String> outcomeRoutingKeys = new ConcurrentHashMap<>();

  public BusProbe() throws Exception {
    this(TEST_EXCHANGES);
  }

  public BusProbe(Exchanges exchanges) throws Exception {
    this.exchanges = exchanges;
    ExternalServices.Endpoints endpoints = ExternalServices.start();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(endpoints.rabbitHost());
    factory.setPort(endpoints.rabbitPort());
    factory.setUsername(endpoints.rabbitUser());
    factory.setPassword(endpoints.rabbitPassword());
    connection = factory.newConnection("extractor-test-probe");
    channel = connection.createChannel();
    channel.exchangeDeclare(exchanges.commands(), "direct", true);
    channel.exchangeDeclare(exchanges.records(), "direct", true);
    channel.exchangeDeclare(exchanges.progress(), "topic", true);
    channel.exchangeDeclare(exchanges.control(), "fanout", true);
    String batchQueue = channel.queueDeclare().getQueue();
    channel.queueBind(batchQueue, exchanges.records(), "load");
    // One queue for both: the order heartbeats and outcomes arrive in is the order they were sent.
    String progressQueue = channel.queueDeclare().getQueue();
    channel.queueBind(progressQueue, exchanges.progress(), "extracted.#");
    channel.queueBind(progressQueue, exchanges.progress(), "reading.#");
    DeliverCallback onBatch =
        (tag, delivery) -> {
          RecordBatch batch = WireFormat.decode(delivery.getBody(), RecordBatch.class);
          batchHeaders.put(
              batch.batchId(), BatchHeaders.read(delivery.getProperties().getHeaders()));
          batchRoutingKeys.add(delivery.getEnvelope().getRoutingKey());
          batches.add(batch);
        };
    DeliverCallback onProgress =
        (tag, delivery) -> {
          String routingKey = delivery.getEnvelope().getRoutingKey();
          if (routingKey.startsWith("reading.")) {
            progress.add(WireFormat.decode(delivery.getBody(), SliceHeartbeat.class));
            return;
          }
          SliceExtracted outcome = WireFormat.decode(delivery.getBody(), SliceExtracted.class);
          outcomeRoutingKeys.put(outcome.readId(), routingKey);
          progress.add(outcome);
        };
    channel.basicConsume(batchQueue, true, onBatch, tag -> {});
    channel.basicConsume(progressQueue, true, onProgress, tag -> {});
  }

  public synchronized void send(SyncCommand command) throws Exception {
    channel.basicPublish(
        exchanges.commands(),
        "extract",
        new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build(),
        WireFormat.encode(command));
  }

  /** Broadcasts that a job was cancelled, as the scheduler does. */
  public synchronized void cancel(UUID jobId) throws Exception {
    RunCancelled cancelled =
        new RunCancelled(RunCancelled.SCHEMA_VERSION, jobId, UUID.randomUUID(), Instant.now());
    channel.basicPublish(
        exchanges.control(),
        "",
        new AMQP.BasicProperties.Builder().contentType("application/json").build(),
        WireFormat.encode(cancelled));
  }

  /** Waits for the command's first outcome. */
  public SliceExtracted awaitOutcome(UUID commandId, Duration timeout) throws Exception {
    return awaitOutcomes(commandId, 1, timeout).get(0);
  }

  /** Waits until the command's reads reported {@code count} outcomes; all of them, in order. */
  public List<SliceExtracted> awaitOutcomes(UUID commandId, int count, Duration timeout)
      throws Exception {
    await(
        () -> outcomesOf(commandId).size() >= count,
        timeout,
        () ->
            count + " SliceExtracted for command " + commandId + ", got " + outcomesOf(commandId));
    return outcomesOf(commandId);
  }

  public List<SliceExtracted> outcomesOf(UUID commandId) {
    return progress.stream()
        .filter(SliceExtracted.class::isInstance)
        .map(SliceExtracted.class::cast)
        .filter(outcome -> commandId.equals(outcome.commandId()))
        .toList();
  }

  public List<SliceHeartbeat> heartbeatsOf(UUID commandId) {
    return progress.stream()
        .filter(SliceHeartbeat.class::isInstance)
        .map(SliceHeartbeat.class::cast)
        .filter(beat -> commandId.equals(beat.commandId()))
        .toList();
  }

  /** The heartbeats and the outcome of one read, in arrival order. */
  public List<Object> progressOfRead(UUID readId) {
    return progress.stream()
        .filter(
            message ->
                message instanceof SliceHeartbeat beat
                    ? readId.equals(beat.readId())
                    : readId.equals(((SliceExtracted) message).readId()))
        .toList();
  }

  public List<RecordBatch> batchesOf(UUID commandId) {
    return batches.stream().filter(b -> commandId.equals(b.commandId())).toList();
  }

  public List<RecordBatch> batchesOfRead(UUID readId) {
    return batches.stream().filter(b -> readId.equals(b.readId())).toList();
  }

  /** The batch's reference as its AMQP headers carried it; empty when they did not. */
  public Optional<BatchRef> headersOf(RecordBatch batch) {
    return batchHeaders.getOrDefault(batch.batchId(), Optional.empty());
  }

  public String outcomeRoutingKey(UUID commandId) {
    return outcomeRoutingKeys.get(awaitedReadId(commandId));
  }

  public List<String> batchRoutingKeys() {
    return List.copyOf(batchRoutingKeys);
  }

  private UUID awaitedReadId(UUID commandId) {
    return outcomesOf(commandId).get(0).readId();
  }

  /** Polls {@code condition} until it holds. */
  public static void await(Supplier<Boolean> condition, Duration timeout, Supplier<String> what)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("Waited " + timeout + " for " + what.get());
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  @Override
  public void close() throws Exception {
    connection.close();
  }
}
