package io.kvsync.extractor.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged extractor ({@code target/quarkus-app}) as its own process, as Kubernetes runs it:
 * stopped with SIGTERM. Its exchanges and queues carry a prefix of their own.
 */
public final class PackagedExtractor implements AutoCloseable {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

  private final Process process;
  private final Path log;

  private PackagedExtractor(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the extractor and waits until it consumes its command queue.
   *
   * @param prefix prefix of every exchange and queue it uses
   * @param properties further configuration, as system properties
   */
  public static PackagedExtractor start(
      String prefix,
      String klaviyoBaseUrl,
      Map<String, String> properties,
      Connection broker,
      Map<String, String> brokerEnvironment)
      throws Exception {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: mvn package first");
    }
    Path log = Path.of("target", prefix + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Dquarkus.http.port=0");
    Map<String, String> channels =
        Map.of(
            "mp.messaging.incoming.commands.exchange.name", prefix + ".sync.commands",
            "mp.messaging.incoming.commands.queue.name", commandQueue(prefix),
            "mp.messaging.incoming.commands.dead-letter-exchange", prefix + ".DLX",
            "mp.messaging.incoming.control.exchange.name", prefix + ".sync.control",
            "mp.messaging.outgoing.batches.exchange.name", prefix + ".records",
            "mp.messaging.outgoing.progress.exchange.name", prefix + ".sync.progress");
    channels.forEach((name, value) -> command.add("-D" + name + "=" + value));
    properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
    command.add("-jar");
    command.add(JAR.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().putAll(brokerEnvironment);
    builder.environment().put("KVSYNC_MASTER_KEYS", Commands.TEST_MASTER_KEYS);
    builder.environment().put("KLAVIYO_BASE_URL", klaviyoBaseUrl);
    PackagedExtractor extractor = new PackagedExtractor(builder.start(), log);
    extractor.awaitConsumer(broker, commandQueue(prefix), Duration.ofSeconds(60));
    return extractor;
  }

  public static String commandQueue(String prefix) {
    return prefix + ".extractor.commands";
  }

  private void awaitConsumer(Connection broker, String queue, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the extractor exited on start:\n" + tail());
      }
      // A passive declare of a missing queue closes its channel: one channel per attempt.
      try (Channel channel = broker.createChannel()) {
        if (channel.queueDeclarePassive(queue).getConsumerCount() > 0) {
          return;
        }
      } catch (IOException notDeclaredYet) {
        // keep polling
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    close();
    throw new IllegalStateException("the extractor did not consume in " + timeout + ":\n" + tail());
  }

  /** Sends SIGTERM, as Kubernetes does, and waits for the process to exit. */
  public Duration terminate(Duration patience) throws InterruptedException {
    long started = System.nanoTime();
    process.destroy();
    if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("still running " + patience + " after SIGTERM");
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** The end of the extractor's log, for failure messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  public String logText() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
