package io.kvsync.extractor.reads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.testing.ExternalServices;
import io.kvsync.extractor.testing.BusProbe;
import io.kvsync.extractor.testing.Commands;
import io.kvsync.extractor.testing.EmulatorAdminClient;
import io.kvsync.extractor.testing.EmulatorResource;
import io.kvsync.extractor.testing.PackagedExtractor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged extractor stopped as Kubernetes stops it. What it acked is read off the broker once
 * the process is gone: an unacked command would be back in its queue.
 */
class GracefulShutdownIT {

  private static final String PREFIX = "it-extractor-process";
  private static final String QUEUE = PackagedExtractor.commandQueue(PREFIX);
  private static final String DEMO_KEY = "pk_emulator_demo_key_0001";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private static EmulatorResource emulatorResource;
  private static String klaviyoBaseUrl;
  private static Connection broker;

  @BeforeAll
  static void startEmulatorAndBroker() throws Exception {
    emulatorResource = new EmulatorResource();
    java.util.Map<String, String> emulator = emulatorResource.start();
    klaviyoBaseUrl = emulator.get("kvsync.klaviyo.base-url");
    // A profile first load (20 pages) takes a few seconds.
    new EmulatorAdminClient(emulator.get(EmulatorResource.ADMIN_URL))
        .addFault("{\"endpoint\":\"get_profiles\",\"kind\":\"LATENCY\",\"latency_ms\":200}");
    ExternalServices.Endpoints endpoints = ExternalServices.start();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(endpoints.rabbitHost());
    factory.setPort(endpoints.rabbitPort());
    factory.setUsername(endpoints.rabbitUser());
    factory.setPassword(endpoints.rabbitPassword());
    broker = factory.newConnection("extractor-shutdown-test");
    // Durable queues keep what an aborted run left: start from an empty queue.
    try (Channel channel = broker.createChannel()) {
      channel.queuePurge(QUEUE);
    } catch (IOException noQueueYet) {
      // declared by the extractor on start
    }
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
    emulatorResource.stop();
  }

  @Test
  void onSigtermTheRunningReadReportsPartialAndIsAckedWhileUnreadCommandsReturnToTheQueue()
      throws Exception {
    ExternalServices.Endpoints endpoints = ExternalServices.start();
    Map<String, String> brokerEnvironment =
        Map.of(
            "RABBITMQ_HOST", endpoints.rabbitHost(),
            "RABBITMQ_PORT", String.valueOf(endpoints.rabbitPort()),
            "RABBITMQ_USERNAME", endpoints.rabbitUser(),
            "RABBITMQ_PASSWORD", endpoints.rabbitPassword());
    Map<String, String> settings =
        Map.of(
            // One read at a time: later commands wait in the queue, unread.
            "mp.messaging.incoming.commands.concurrency", "1",
            "kvsync.extraction.heartbeat-interval", "1s",
            "kvsync.shutdown.drain-timeout", DRAIN_TIMEOUT.toSeconds() + "s");
    try (BusProbe bus = new BusProbe(BusProbe.Exchanges.prefixed(PREFIX));
        PackagedExtractor extractor =
            PackagedExtractor.start(PREFIX, klaviyoBaseUrl, settings, broker, brokerEnvironment)) {
      // A cancelled job: its running read stops without an outcome, its later command is unread.
      SyncCommand cancelled = Commands.firstLoad("profile_v2", DEMO_KEY);
      bus.send(cancelled);
      awaitBatches(bus, cancelled, 2, extractor);
      bus.cancel(cancelled.jobId());
      SyncCommand laterOfCancelled =
          Commands.ofJob(Commands.firstLoad("profile_v2", DEMO_KEY), cancelled.jobId());
      bus.send(laterOfCancelled);

      // A read running when SIGTERM comes, and a command queued behind it.
      SyncCommand running = Commands.firstLoad("profile_v2", DEMO_KEY);
      SyncCommand queued = Commands.full("metric_v2", DEMO_KEY);
      bus.send(running);
      bus.send(queued);
      awaitBatches(bus, running, 2, extractor);
      Duration stopping = extractor.terminate(DRAIN_TIMEOUT.plusSeconds(15));

      String log = extractor.tail();
      assertTrue(stopping.compareTo(DRAIN_TIMEOUT) < 0, "stopped in " + stopping + "\n" + log);
      SliceExtracted partial = bus.awaitOutcome(running.commandId(), WAIT);
      assertEquals(SliceStatus.PARTIAL, partial.status(), partial.error() + "\n" + log);
      assertNotNull(partial.resume().nextUrl(), "it stopped inside the listing: " + partial);
      List<RecordBatch> batches = bus.batchesOfRead(partial.readId());
      assertEquals(partial.batches(), batches.size(), "every batch counted was confirmed");
      assertEquals(
          IntStream.range(0, batches.size()).boxed().toList(),
          batches.stream().map(RecordBatch::seq).sorted().toList());
      assertTrue(partial.batches() < 20, "stopped at the next page, not at the end");

      assertTrue(bus.outcomesOf(cancelled.commandId()).isEmpty(), "no outcome when cancelled");
      assertTrue(bus.heartbeatsOf(laterOfCancelled.commandId()).isEmpty(), "never read");
      assertTrue(bus.heartbeatsOf(queued.commandId()).isEmpty(), "never read");
      assertTrue(bus.outcomesOf(queued.commandId()).isEmpty());

      // Acked: the running read's command and both of the cancelled job. Back: the unread one.
      assertEquals(List.of(queued.commandId()), drainQueue(), "left in the queue\n" + log);
      Set<UUID> ours =
          Set.of(
              cancelled.commandId(),
              laterOfCancelled.commandId(),
              running.commandId(),
              queued.commandId());
      assertTrue(
          deadLettered().stream().noneMatch(ours::contains), "nothing was dead-lettered\n" + log);
    }
  }

  private static void awaitBatches(
      BusProbe bus, SyncCommand command, int count, PackagedExtractor extractor) throws Exception {
    BusProbe.await(
        () -> bus.batchesOf(command.commandId()).size() >= count,
        WAIT,
        () -> count + " batches of " + command.commandId() + "\n" + extractor.tail());
  }

  /** The command ids still in the queue (taken off it: the queue is left empty). */
  private static List<UUID> drainQueue() throws Exception {
    return takeAll(QUEUE);
  }

  private static List<UUID> deadLettered() throws Exception {
    return takeAll(QUEUE + ".dlq");
  }

  private static List<UUID> takeAll(String queue) throws Exception {
    List<UUID> ids = new ArrayList<>();
    try (Channel channel = broker.createChannel()) {
      // Returned messages may take a moment to be ready again after the consumer is gone.
      TimeUnit.MILLISECONDS.sleep(500);
      GetResponse message;
      while ((message = channel.basicGet(queue, true)) != null) {
        ids.add(WireFormat.decode(message.getBody(), SyncCommand.class).commandId());
      }
    }
    return ids;
  }
}
