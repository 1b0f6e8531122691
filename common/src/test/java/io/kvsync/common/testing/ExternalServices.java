package io.kvsync.common.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.RabbitMQContainer;

/**
 * The real RabbitMQ and PostgreSQL every test runs against: the local services when {@code
 * USE_LOCAL_SERVICES} is set or no Docker engine answers, else Testcontainers. A missing service
 * fails fast with what to do, because a test against a broker that is down hangs instead.
 */
public final class ExternalServices {

  /** Where the broker and the database are, once started. */
  public record Endpoints(
      String rabbitHost,
      int rabbitPort,
      String rabbitUser,
      String rabbitPassword,
      String postgresHost,
      int postgresPort,
      String postgresUser,
      String postgresPassword) {

    public String jdbcUrl(String database) {
      return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }

    public String reactiveUrl(String database) {
      return "postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }
  }

  private static Endpoints endpoints;
  private static RabbitMQContainer rabbitContainer;

  private ExternalServices() {}

  public static synchronized Endpoints start() {
    if (endpoints == null) {
      endpoints = useLocalServices() ? local() : containers();
    }
    return endpoints;
  }

  /** Creates the database when it does not exist yet. */
  public static void ensureDatabase(String database) {
    Endpoints e = start();
    try (Connection c =
            DriverManager.getConnection(
                e.jdbcUrl("postgres"), e.postgresUser(), e.postgresPassword());
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
      if (!rs.next()) {
        s.execute("CREATE DATABASE \"" + database + "\"");
      }
    } catch (SQLException ex) {
      if (!"42P04".equals(ex.getSQLState())) { // created concurrently: fine
        throw new IllegalStateException("Cannot create test database " + database, ex);
      }
    }
  }

  /** Config overrides pointing a Quarkus service at the broker and a database. */
  public static Map<String, String> quarkusConfig(String database) {
    Endpoints e = start();
    ensureDatabase(database);
    return Map.of(
        "rabbitmq-host", e.rabbitHost(),
        "rabbitmq-port", String.valueOf(e.rabbitPort()),
        "rabbitmq-username", e.rabbitUser(),
        "rabbitmq-password", e.rabbitPassword(),
        "quarkus.datasource.reactive.url", e.reactiveUrl(database),
        "quarkus.datasource.username", e.postgresUser(),
        "quarkus.datasource.password", e.postgresPassword());
  }

  /**
   * A broker virtual host of the caller's own, created when missing; {@code /} when this broker
   * cannot be administered from here (then the caller shares the default one).
   */
  public static synchronized String virtualHost(String name) {
    Endpoints e = start();
    String[] add = {"rabbitmqctl", "add_vhost", name};
    String[] grant = {
      "rabbitmqctl", "set_permissions", "-p", name, e.rabbitUser(), ".*", ".*", ".*"
    };
    try {
      if (rabbitContainer != null) {
        rabbitContainer.execInContainer(add);
        return rabbitContainer.execInContainer(grant).getExitCode() == 0 ? name : "/";
      }
      boolean local = e.rabbitHost().equals("127.0.0.1") || e.rabbitHost().equals("localhost");
      if (local && run(add) && run(grant)) {
        return name;
      }
    } catch (IOException | InterruptedException ex) {
      // fall through to the default virtual host
    }
    System.err.println(
        "Cannot create RabbitMQ virtual host " + name + " (no rabbitmqctl): using '/'");
    return "/";
  }

  /**
   * Runs {@code rabbitmqctl} with {@code args} against the test broker (in its container when there
   * is one), for tests that act as the broker's operator.
   *
   * @return what it printed
   * @throws IllegalStateException when the broker cannot be administered from here, or the command
   *     failed
   */
  public static synchronized String rabbitmqctl(String... args) {
    start();
    String[] command = new String[args.length + 1];
    command[0] = "rabbitmqctl";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      if (rabbitContainer != null) {
        var result = rabbitContainer.execInContainer(command);
        if (result.getExitCode() != 0) {
          throw new IllegalStateException(String.join(" ", command) + ": " + result.getStderr());
        }
        return result.getStdout();
      }
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + ": " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("rabbitmqctl is not available here: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running rabbitmqctl", e);
    }
  }

  private static boolean run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    // add_vhost fails when the host exists: that is fine, the grant decides.
    return process.waitFor() == 0 || command[1].equals("add_vhost");
  }

  private static boolean useLocalServices() {
    if (System.getenv("USE_LOCAL_SERVICES") != null) {
      return true;
    }
    boolean dockerConfigured =
        System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    return !dockerConfigured || !DockerClientFactory.instance().isDockerAvailable();
  }

  private static Endpoints local() {
    Endpoints e =
        new Endpoints(
            env("TEST_RABBITMQ_HOST", "127.0.0.1"),
            Integer.parseInt(env("TEST_RABBITMQ_PORT", "5672")),
            env("TEST_RABBITMQ_USER", "guest"),
            env("TEST_RABBITMQ_PASSWORD", "guest"),
            env("TEST_POSTGRES_HOST", "127.0.0.1"),
            Integer.parseInt(env("TEST_POSTGRES_PORT", "5432")),
            env("TEST_POSTGRES_USER", "postgres"),
            env("TEST_POSTGRES_PASSWORD", ""));
    requireListening("RabbitMQ", e.rabbitHost(), e.rabbitPort());
    requireListening("PostgreSQL", e.postgresHost(), e.postgresPort());
    return e;
  }

  @SuppressWarnings("resource") // containers live as long as the test JVM
  private static Endpoints containers() {
    RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:3.13-management");
    rabbitContainer = rabbit;
    PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:16");
    rabbit.start();
    postgres.start();
    return new Endpoints(
        rabbit.getHost(),
        rabbit.getAmqpPort(),
        rabbit.getAdminUsername(),
        rabbit.getAdminPassword(),
        postgres.getHost(),
        postgres.getMappedPort(5432),
        postgres.getUsername(),
        postgres.getPassword());
  }

  private static void requireListening(String what, String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2000);
    } catch (IOException ex) {
      throw new IllegalStateException(
          what
              + " is not reachable at "
              + host
              + ":"
              + port
              + ". Start it (deploy/local/run.sh does), or unset USE_LOCAL_SERVICES and run"
              + " Docker so the tests start their own.");
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
