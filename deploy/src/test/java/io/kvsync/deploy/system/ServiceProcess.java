package io.kvsync.deploy.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service started as its own process, as an operator would run it. Like Kubernetes, it
 * starts the service again when it exits asking for that (code 75: it lost the broker).
 */
final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final int port;
  private final int managementPort;
  private final Path log;
  private final ProcessBuilder builder;
  private volatile Process process;
  private volatile boolean stopping;

  private ServiceProcess(
      String name, int port, int managementPort, Path log, ProcessBuilder builder)
      throws IOException {
    this.name = name;
    this.port = port;
    this.managementPort = managementPort;
    this.log = log;
    this.builder = builder;
    launch();
  }

  private void launch() throws IOException {
    Process started = builder.start();
    process = started;
    started
        .onExit()
        .thenAccept(
            exited -> {
              if (!stopping && exited.exitValue() == RESTART_ME) {
                try {
                  launch();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            });
  }

  /** The exit code of a service that wants a fresh process (see common's BrokerLoss). */
  static final int RESTART_ME = 75;

  /**
   * A setting of the test harness, not of the service: its heap ({@code -Xmx}), 512m unless set.
   */
  static final String HEAP = "KVSYNC_TEST_SERVICE_HEAP";

  /**
   * Starts {@code <module>/target/quarkus-app/quarkus-run.jar} on {@code port} with {@code env} and
   * waits until it reports ready. Its management interface (metrics, health) gets a free port of
   * its own: several services run side by side here.
   */
  static ServiceProcess start(String module, int port, Map<String, String> env, Path logDir)
      throws IOException, InterruptedException {
    Path jar = SystemPaths.repositoryRoot().resolve(module + "/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: package the services first (mvn package)");
    }
    Files.createDirectories(logDir);
    Path log = logDir.resolve(module + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + env.getOrDefault(HEAP, "512m"));
    // As in the images (deploy/compose/service.Dockerfile): a heap that runs out ends the process.
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    int managementPort = RunningSystem.freePort();
    builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
    builder.environment().put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
    ServiceProcess service = new ServiceProcess(module, port, managementPort, log, builder);
    service.awaitReady(Duration.ofSeconds(90));
    return service;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited on start; its log:\n" + tail());
      }
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // keep polling until the deadline
      }
      Thread.sleep(250);
    }
    close();
    throw new IllegalStateException(name + " did not become ready in " + timeout + ":\n" + tail());
  }

  int port() {
    return port;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The management interface: {@code /q/metrics}, {@code /q/health}, {@code /q/openapi}. */
  String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  /** What the service serves at {@code /q/metrics} of its management interface (asserted 200). */
  String metrics() throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(managementUrl() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          name + ": GET /q/metrics on the management port answered " + response.statusCode());
    }
    return response.body();
  }

  Path log() {
    return log;
  }

  /** The last lines of the service's log, for failure messages. */
  String tail() throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** Stops the way Kubernetes does: SIGTERM, then SIGKILL after a grace period. */
  @Override
  public void close() throws InterruptedException {
    terminate(Duration.ofSeconds(30));
  }

  /**
   * SIGTERM, then SIGKILL once {@code grace} has passed.
   *
   * @return how long the process took to exit; longer than {@code grace} when it had to be killed
   */
  Duration terminate(Duration grace) throws InterruptedException {
    stopping = true;
    Instant start = Instant.now();
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return grace.plusSeconds(1);
    }
    return Duration.between(start, Instant.now());
  }

  /** The current process's id: another one means the service was started again. */
  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process without a chance to clean up, as a crash would. */
  void kill() throws InterruptedException {
    stopping = true;
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
