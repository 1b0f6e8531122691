package io.kvsync.deploy.system;

import io.kvsync.common.testing.ExternalServices;
import io.kvsync.emulator.EmulatorConfig;
import io.kvsync.emulator.KlaviyoEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole product as an operator runs it: the packaged scheduler, extractor and loader as
 * processes on the real broker and database, pointed at a Klaviyo emulator in this JVM.
 */
final class RunningSystem implements AutoCloseable {

  /**
   * Appended to the system tests' databases and virtual host ({@code KVSYNC_SYSTEM_TEST_SUFFIX}),
   * so that two checkouts can run their system tests on one broker and one database server at once.
   */
  private static final String SUFFIX = suffix(System.getenv("KVSYNC_SYSTEM_TEST_SUFFIX"));

  static final String CONTROL_DATABASE = "kvsync_system_control" + SUFFIX;
  static final String DESTINATION_DATABASE = "kvsync_system_destination" + SUFFIX;

  /**
   * The system tests' own RabbitMQ virtual host, so that a local demo or another run on the same
   * broker never consumes their messages (queues are durable and shared otherwise).
   */
  static final String VIRTUAL_HOST = "kvsync-system-test" + SUFFIX;

  private final ExternalServices.Endpoints services;
  private final KlaviyoEmulator klaviyo;

  /** {@code KVSYNC_MASTER_KEYS} of every service; {@link #rotateMasterKeys} replaces it. */
  private String masterKeys = "k1:" + newMasterKey();

  private final String adminToken = "admin-" + UUID.randomUUID();
  private final String virtualHost;
  private final Map<String, Map<String, String>> changedSettings = new HashMap<>();
  private ServiceProcess scheduler;
  private ServiceProcess extractor;
  private ServiceProcess loader;

  private RunningSystem(ExternalServices.Endpoints services, KlaviyoEmulator klaviyo) {
    this.services = services;
    this.klaviyo = klaviyo;
    this.virtualHost = ExternalServices.virtualHost(VIRTUAL_HOST);
  }

  static RunningSystem start(EmulatorConfig emulatorConfig) throws Exception {
    ExternalServices.Endpoints services = ExternalServices.start();
    ExternalServices.ensureDatabase(CONTROL_DATABASE);
    ExternalServices.ensureDatabase(DESTINATION_DATABASE);
    RunningSystem system = new RunningSystem(services, KlaviyoEmulator.start(emulatorConfig));
    try {
      system.loader = ServiceProcess.start("loader-service", freePort(), system.busEnv(), logs());
      system.extractor =
          ServiceProcess.start("extractor-service", freePort(), system.extractorEnv(), logs());
      system.scheduler =
          ServiceProcess.start("scheduler-service", freePort(), system.schedulerEnv(), logs());
    } catch (Exception e) {
      system.close();
      throw e;
    }
    return system;
  }

  private static String suffix(String configured) {
    if (configured == null || configured.isBlank()) {
      return "";
    }
    if (!configured.matches("[a-z0-9]{1,16}")) {
      throw new IllegalArgumentException(
          "KVSYNC_SYSTEM_TEST_SUFFIX must be 1 to 16 lower-case letters or digits, got '"
              + configured
              + "'");
    }
    return "_" + configured;
  }

  private static java.nio.file.Path logs() {
    return SystemPaths.logDirectory();
  }

  private Map<String, String> busEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("RABBITMQ_HOST", services.rabbitHost());
    env.put("RABBITMQ_PORT", String.valueOf(services.rabbitPort()));
    env.put("RABBITMQ_USERNAME", services.rabbitUser());
    env.put("RABBITMQ_PASSWORD", services.rabbitPassword());
    env.put("RABBITMQ_VIRTUAL_HOST", virtualHost);
    env.put("KVSYNC_MASTER_KEYS", masterKeys);
    // The destinations of the system tests are PostgreSQL clusters on this machine.
    env.put("KVSYNC_DESTINATION_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128");
    return env;
  }

  private Map<String, String> extractorEnv() {
    Map<String, String> env = busEnv();
    env.put("KLAVIYO_BASE_URL", klaviyo.baseUrl());
    return env;
  }

  private Map<String, String> schedulerEnv() {
    Map<String, String> env = extractorEnv();
    env.put("PIPELINE_ADMIN_TOKEN", adminToken);
    env.put("CONTROL_DB_URL", services.reactiveUrl(CONTROL_DATABASE));
    env.put("CONTROL_DB_USER", services.postgresUser());
    env.put("CONTROL_DB_PASSWORD", services.postgresPassword());
    return env;
  }

  /** The REST API with the first administrator's token. */
  ControlApi api() {
    return new ControlApi(scheduler.baseUrl(), adminToken);
  }

  KlaviyoEmulator klaviyo() {
    return klaviyo;
  }

  /** The body of {@code POST /destinations} for a fresh schema of the destination database. */
  Map<String, Object> destinationRequest(String name, String schema) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("type", "postgres");
    body.put("host", services.postgresHost());
    body.put("port", services.postgresPort());
    body.put("database", DESTINATION_DATABASE);
    body.put("user", services.postgresUser());
    body.put("password", services.postgresPassword());
    body.put("schema", schema);
    body.put("table_prefix", "");
    return body;
  }

  Connection destination() throws SQLException {
    return DriverManager.getConnection(
        services.jdbcUrl(DESTINATION_DATABASE),
        services.postgresUser(),
        services.postgresPassword());
  }

  Connection controlDatabase() throws SQLException {
    return DriverManager.getConnection(
        services.jdbcUrl(CONTROL_DATABASE), services.postgresUser(), services.postgresPassword());
  }

  ServiceProcess scheduler() {
    return scheduler;
  }

  ServiceProcess extractor() {
    return extractor;
  }

  ServiceProcess loader() {
    return loader;
  }

  /**
   * Starts one more extractor on the same broker, as a second replica would run, logging to a file
   * of its own; the caller closes it.
   */
  ServiceProcess startExtractorReplica(String name) throws Exception {
    return ServiceProcess.start(
        "extractor-service", freePort(), extractorEnv(), logs().resolve(name));
  }

  /**
   * Kills a service without warning (as a node failure would) and starts a new one in its place, on
   * the same port, with the same configuration.
   */
  void crashAndRestart(String module) throws Exception {
    replace(module, true, settingsOf(module));
  }

  /**
   * Stops a service as Kubernetes does (SIGTERM, then SIGKILL after the grace period) and starts a
   * new one in its place.
   *
   * @return how long the old process took to exit
   */
  java.time.Duration terminateAndRestart(String module) throws Exception {
    return replace(module, false, settingsOf(module));
  }

  /**
   * Replaces a service by one with some settings changed (empty: back to the defaults); restarts
   * after a crash keep them.
   */
  void reconfigure(String module, Map<String, String> settings) throws Exception {
    changedSettings.put(module, Map.copyOf(settings));
    replace(module, false, settings);
  }

  /** The key ring every service runs with: {@code id:base64key,...}, newest first. */
  String masterKeys() {
    return masterKeys;
  }

  /**
   * Gives every service another key ring, replacing them one by one as a rolling deploy does: the
   * loader and the extractor first, so that they open what the scheduler seals with a new key.
   */
  void rotateMasterKeys(String ring) throws Exception {
    masterKeys = ring;
    for (String module : List.of("loader-service", "extractor-service", "scheduler-service")) {
      replace(module, false, settingsOf(module));
    }
  }

  /** A fresh AES-256 master key, base64. */
  static String newMasterKey() {
    return randomBase64(32);
  }

  private Map<String, String> settingsOf(String module) {
    return changedSettings.getOrDefault(module, Map.of());
  }

  private java.time.Duration replace(String module, boolean crash, Map<String, String> settings)
      throws Exception {
    ServiceProcess old = service(module);
    java.time.Duration took;
    if (crash) {
      old.kill();
      took = java.time.Duration.ZERO;
    } else {
      took = old.terminate(java.time.Duration.ofSeconds(30));
    }
    Map<String, String> env =
        new HashMap<>(
            switch (module) {
              case "scheduler-service" -> schedulerEnv();
              case "extractor-service" -> extractorEnv();
              default -> busEnv();
            });
    env.putAll(settings);
    int port = module.equals("scheduler-service") ? old.port() : freePort();
    ServiceProcess fresh = ServiceProcess.start(module, port, env, logs());
    switch (module) {
      case "scheduler-service" -> scheduler = fresh;
      case "extractor-service" -> extractor = fresh;
      default -> loader = fresh;
    }
    return took;
  }

  private ServiceProcess service(String module) {
    return switch (module) {
      case "scheduler-service" -> scheduler;
      case "extractor-service" -> extractor;
      case "loader-service" -> loader;
      default -> throw new IllegalArgumentException("no service " + module);
    };
  }

  /** The broker of the system, on the system's own virtual host. */
  Bus bus() throws Exception {
    return new Bus(services, virtualHost);
  }

  String virtualHost() {
    return virtualHost;
  }

  ExternalServices.Endpoints services() {
    return services;
  }

  /** Every service's log, for assertions about what was written. */
  java.util.List<java.nio.file.Path> logFiles() {
    return java.util.List.of(scheduler.log(), extractor.log(), loader.log());
  }

  @Override
  public void close() throws Exception {
    for (ServiceProcess service : new ServiceProcess[] {scheduler, extractor, loader}) {
      if (service != null) {
        service.close();
      }
    }
    klaviyo.close();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String randomBase64(int bytes) {
    byte[] key = new byte[bytes];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
