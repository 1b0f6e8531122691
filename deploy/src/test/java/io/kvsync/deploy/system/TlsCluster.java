package io.kvsync.deploy.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A second local PostgreSQL 15 cluster that accepts only TLS with password (SCRAM) authentication,
 * with a certificate authority and a server certificate (for 127.0.0.1 and localhost) made here:
 * what a managed PostgreSQL with forced SSL looks like to a destination. Made with the Debian
 * cluster tools ({@code pg_createcluster}), as root.
 */
final class TlsCluster implements AutoCloseable {

  static final String VERSION = "15";
  static final String NAME = "kvsynctls";
  static final String DATABASE = "kvsync_tls_destination";
  static final String USER = "postgres";

  private final int port;
  private final String password = "tls-" + UUID.randomUUID();
  private final String caCertificate;

  private TlsCluster(int port, String caCertificate) {
    this.port = port;
    this.caCertificate = caCertificate;
  }

  /**
   * @throws AssertionError saying what to install when the cluster tools are missing
   */
  static TlsCluster start() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/pg_createcluster"))) {
      throw new AssertionError(
          "The TLS destination test needs PostgreSQL 15 and the Debian cluster tools: install"
              + " postgresql-15 and postgresql-common (pg_createcluster, pg_ctlcluster), and run"
              + " the tests as root");
    }
    // A cluster left by a killed run is dropped first.
    if (Files.isDirectory(Path.of("/etc/postgresql", VERSION, NAME))) {
      run("pg_dropcluster", "--stop", VERSION, NAME);
    }
    Path certificates = Files.createTempDirectory("kvsync-tls-");
    String ca = makeCertificates(certificates);
    int port = RunningSystem.freePort();
    run("pg_createcluster", VERSION, NAME, "-p", String.valueOf(port));
    Path config = Path.of("/etc/postgresql", VERSION, NAME);
    install(certificates.resolve("server.crt"), config.resolve("server.crt"), "rw-r--r--");
    install(certificates.resolve("server.key"), config.resolve("server.key"), "rw-------");
    Files.writeString(
        config.resolve("postgresql.conf"),
        String.join(
            "\n",
            "",
            "listen_addresses = '127.0.0.1'",
            "ssl = on",
            "ssl_cert_file = '" + config.resolve("server.crt") + "'",
            "ssl_key_file = '" + config.resolve("server.key") + "'",
            "password_encryption = 'scram-sha-256'",
            ""),
        java.nio.file.StandardOpenOption.APPEND);
    // Over TCP only TLS with a password; the local socket (peer) only to set the password up.
    Files.writeString(
        config.resolve("pg_hba.conf"),
        "local all postgres peer\nhostssl all all 127.0.0.1/32 scram-sha-256\n");
    run("pg_ctlcluster", VERSION, NAME, "start");
    TlsCluster cluster = new TlsCluster(port, ca);
    cluster.psql("ALTER USER postgres PASSWORD '" + cluster.password + "'");
    cluster.psql("CREATE DATABASE " + DATABASE);
    return cluster;
  }

  int port() {
    return port;
  }

  String password() {
    return password;
  }

  /** The certificate authority that signed the server's certificate, in PEM. */
  String caCertificate() {
    return caCertificate;
  }

  /** A connection to the destination database, over TLS. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?sslmode=require",
        USER,
        password);
  }

  @Override
  public void close() throws Exception {
    run("pg_dropcluster", "--stop", VERSION, NAME);
  }

  private void psql(String sql) throws Exception {
    run(
        "runuser",
        "-u",
        "postgres",
        "--",
        "psql",
        "-p",
        String.valueOf(port),
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        sql);
  }

  /** A CA, and a server certificate it signs for 127.0.0.1 and localhost; returns the CA's PEM. */
  private static String makeCertificates(Path dir) throws Exception {
    Path extensions = dir.resolve("server.ext");
    Files.writeString(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=kvsync system test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt");
    run(
        dir,
        "openssl",
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr");
    run(
        dir,
        "openssl",
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.crt");
    return Files.readString(dir.resolve("ca.crt"));
  }

  /** Copies a file into the cluster's configuration, owned by postgres. */
  private static void install(Path from, Path to, String permissions) throws Exception {
    Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(permissions));
    run("chown", "postgres:postgres", to.toString());
  }

  private static void run(String... command) throws Exception {
    run(null, command);
  }

  private static void run(Path directory, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not end within 60 s");
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
    }
  }
}
