package io.kvsync.scheduler.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A control database that speaks only TLS: a PostgreSQL 15 cluster of its own ({@value #CLUSTER},
 * made with {@code pg_createcluster} on a free port, as root) with {@code ssl=on}, a self-signed
 * certificate made by {@code openssl} for 127.0.0.1, and {@code hostssl} as the only TCP entry of
 * its {@code pg_hba.conf}. The scheduler is pointed at it with {@code
 * CONTROL_DB_SSL_MODE=verify-full} and the certificate as {@code CONTROL_DB_CA_CERT_FILE}; the
 * cluster is dropped afterwards.
 */
public class TlsControlDatabase implements QuarkusTestResourceLifecycleManager {

  public static final String CLUSTER = "kvsyncctl";
  public static final String DATABASE = "kvsync_control_tls";
  private static final String VERSION = "15";

  private static volatile int port;

  /** The cluster's port, once started. */
  public static int port() {
    return port;
  }

  @Override
  public Map<String, String> start() {
    try {
      dropCluster();
      port = freePort();
      run("pg_createcluster", VERSION, CLUSTER, "-p", String.valueOf(port));
      Path conf = Path.of("/etc/postgresql", VERSION, CLUSTER);
      Path cert = conf.resolve("server.crt");
      Path key = conf.resolve("server.key");
      run(
          "openssl",
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "2",
          "-subj",
          "/CN=127.0.0.1",
          "-addext",
          "subjectAltName=IP:127.0.0.1,DNS:localhost",
          "-keyout",
          key.toString(),
          "-out",
          cert.toString());
      run("chown", "postgres:postgres", cert.toString(), key.toString());
      run("chmod", "600", key.toString());
      Files.writeString(
          conf.resolve("postgresql.conf"),
          "\nlisten_addresses = '127.0.0.1'\nssl = on\n"
              + "ssl_cert_file = '"
              + cert
              + "'\nssl_key_file = '"
              + key
              + "'\n",
          StandardOpenOption.APPEND);
      // TLS or nothing over TCP; the local socket stays for creating the database.
      Files.writeString(
          conf.resolve("pg_hba.conf"),
          "local all postgres peer\nhostssl all all 127.0.0.1/32 trust\n");
      run("pg_ctlcluster", VERSION, CLUSTER, "start");
      run(
          "runuser",
          "-u",
          "postgres",
          "--",
          "psql",
          "-p",
          String.valueOf(port),
          "-d",
          "postgres",
          "-c",
          "CREATE DATABASE " + DATABASE);
      return Map.of(
          "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/" + DATABASE,
          "quarkus.datasource.username", "postgres",
          "quarkus.datasource.password", "",
          "CONTROL_DB_SSL_MODE", "verify-full",
          "CONTROL_DB_CA_CERT_FILE", cert.toString());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start the TLS-only control database", e);
    }
  }

  /** Started after {@link ControlPlaneServices}, so its control database is the one used. */
  @Override
  public int order() {
    return 100;
  }

  @Override
  public void stop() {
    dropCluster();
  }

  private static void dropCluster() {
    if (Files.exists(Path.of("/etc/postgresql", VERSION, CLUSTER))) {
      run("pg_dropcluster", "--stop", VERSION, CLUSTER);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void run(String... command) {
    try {
      Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
