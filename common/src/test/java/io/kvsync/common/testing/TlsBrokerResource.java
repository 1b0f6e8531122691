package io.kvsync.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Points a {@code @QuarkusTest} at the real broker over AMQPS only: every RabbitMQ client of the
 * service reaches it through a {@link TlsProxy} whose self-signed certificate is the configured
 * {@code kvsync.bus.tls.ca-cert-file}. Init arg {@code database} as for {@link
 * ExternalServicesResource}. A test field {@code IntSupplier tlsHandshakes} receives the proxy's
 * count of completed handshakes (a JDK type, whichever class loader loaded this resource).
 */
public class TlsBrokerResource implements QuarkusTestResourceLifecycleManager {

  public static final String HANDSHAKES_FIELD = "tlsHandshakes";

  private String database = "kvsync_test";
  private Path directory;
  private TlsProxy proxy;

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.getOrDefault("database", database);
  }

  @Override
  public Map<String, String> start() {
    ExternalServices.Endpoints broker = ExternalServices.start();
    try {
      directory = Files.createTempDirectory("kvsync-tls-broker");
      SelfSignedCertificate certificate =
          SelfSignedCertificate.create(directory, "broker", "ip:127.0.0.1,dns:localhost");
      proxy = TlsProxy.start(certificate, broker.rabbitHost(), broker.rabbitPort());
      Map<String, String> config = new HashMap<>(ExternalServices.quarkusConfig(database));
      config.put("rabbitmq-host", "127.0.0.1");
      config.put("rabbitmq-port", String.valueOf(proxy.port()));
      config.put("kvsync.bus.tls.enabled", "true");
      config.put("kvsync.bus.tls.ca-cert-file", certificate.pem().toString());
      return config;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the TLS listener in front of the broker", e);
    }
  }

  /** Started after {@link ExternalServicesResource}, so its broker address is the one used. */
  @Override
  public int order() {
    return 100;
  }

  @Override
  public void inject(TestInjector testInjector) {
    IntSupplier handshakes = proxy::handshakes;
    testInjector.injectIntoFields(handshakes, field -> field.getName().equals(HANDSHAKES_FIELD));
  }

  @Override
  public void stop() {
    try {
      if (proxy != null) {
        proxy.close();
      }
      if (directory != null) {
        try (var files = Files.list(directory)) {
          for (Path file : files.toList()) {
            Files.deleteIfExists(file);
          }
        }
        Files.deleteIfExists(directory);
      }
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
