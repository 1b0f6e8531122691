package io.kvsync.common.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.kvsync.common.testing.ExternalServices;
import io.kvsync.common.testing.SelfSignedCertificate;
import io.kvsync.common.testing.TlsProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import io.vertx.rabbitmq.RabbitMQOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AMQPS as every client of a service gets it from {@link BusTls}: through a TLS listener in front
 * of the real broker, a client that trusts the listener's authority publishes and consumes; one
 * that trusts another authority, or reaches a certificate made out to another host, is refused at
 * the handshake, promptly and in plain words.
 */
class BusTlsTest {

  private static final String LOOPBACK_SAN = "ip:127.0.0.1,dns:localhost";

  @TempDir static Path certificates;

  private static ExternalServices.Endpoints broker;
  private static SelfSignedCertificate brokerCertificate;
  private static SelfSignedCertificate otherAuthority;
  private static TlsProxy proxy;
  private static Vertx vertx;

  @BeforeAll
  static void listen() throws Exception {
    broker = ExternalServices.start();
    brokerCertificate = SelfSignedCertificate.create(certificates, "broker", LOOPBACK_SAN);
    otherAuthority = SelfSignedCertificate.create(certificates, "other", LOOPBACK_SAN);
    proxy = TlsProxy.start(brokerCertificate, broker.rabbitHost(), broker.rabbitPort());
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aConnectorClientThatTrustsTheBrokersAuthorityPublishesAndConsumesOverTls() throws Exception {
    int handshakesBefore = proxy.handshakes();
    BusTls tls = new BusTls(settings(true, brokerCertificate.pem().toString()));
    RabbitMQClient client = RabbitMQClient.create(vertx, tls.apply(options(proxy.port())));
    try {
      await(client.start());
      String queue = await(client.queueDeclare("", false, true, true)).getQueue();
      byte[] body = "over amqps".getBytes(StandardCharsets.UTF_8);
      await(client.confirmSelect());
      await(client.basicPublish("", queue, Buffer.buffer(body)));
      await(client.waitForConfirms(10_000));
      RabbitMQMessage delivered = await(client.basicGet(queue, true));
      assertNotNull(delivered, "the confirmed message waits in its queue");
      assertArrayEquals(body, delivered.body().getBytes());
    } finally {
      await(client.stop());
    }
    assertTrue(proxy.handshakes() > handshakesBefore, "the client's bytes went through TLS");
  }

  @Test
  void aPlainJavaClientThatTrustsTheBrokersAuthorityPublishesAndConsumesOverTls() throws Exception {
    int handshakesBefore = proxy.handshakes();
    BusTls tls = new BusTls(settings(true, brokerCertificate.pem().toString()));
    ConnectionFactory factory = tls.configure(factory(proxy.port()));
    byte[] body = "over amqps too".getBytes(StandardCharsets.UTF_8);
    try (Connection connection = factory.newConnection("bus-tls-test");
        Channel channel = connection.createChannel()) {
      String queue = channel.queueDeclare().getQueue();
      channel.confirmSelect();
      channel.basicPublish("", queue, null, body);
      channel.waitForConfirmsOrDie(10_000);
      GetResponse delivered = channel.basicGet(queue, true);
      assertNotNull(delivered, "the confirmed message waits in its queue");
      assertArrayEquals(body, delivered.getBody());
    }
    assertTrue(proxy.handshakes() > handshakesBefore, "the client's bytes went through TLS");
  }

  @Test
  void aBrokerWhoseCertificateAnotherAuthoritySignedIsRefusedPromptlyAndPlainly() {
    BusTls tls = new BusTls(settings(true, otherAuthority.pem().toString()));
    assertRefused(tls, proxy.port());
  }

  @Test
  void aBrokerWhoseCertificateNamesAnotherHostIsRefused(@TempDir Path dir) throws Exception {
    SelfSignedCertificate elsewhere =
        SelfSignedCertificate.create(dir, "elsewhere", "dns:broker.elsewhere.example");
    try (TlsProxy misnamed = TlsProxy.start(elsewhere, broker.rabbitHost(), broker.rabbitPort())) {
      BusTls tls = new BusTls(settings(true, elsewhere.pem().toString()));
      assertRefused(tls, misnamed.port());
      assertEquals(0, misnamed.handshakes(), "nothing was sent to a broker of another name");
    }
  }

  @Test
  void withoutTlsTheOptionsStayPlainAndAnEmptyCaFileIsNoFile() {
    BusTls tls = new BusTls(settings(false, ""));
    assertFalse(tls.enabled());
    RabbitMQOptions options = tls.apply(options(5672));
    assertFalse(options.isSsl());
    assertFalse(new BusTls(settings(true, "")).apply(options(5671)).isTrustAll());
  }

  @Test
  void aCaFileThatIsNoCertificateStopsTheServiceNamingTheSetting(@TempDir Path dir)
      throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class, () -> new BusTls(settings(true, notPem.toString())));
    assertTrue(refused.getMessage().contains("RABBITMQ_CA_CERT_FILE"), refused.getMessage());
  }

  private static void assertRefused(BusTls tls, int port) {
    RabbitMQClient client = RabbitMQClient.create(vertx, tls.apply(options(port)));
    long started = System.nanoTime();
    ExecutionException refused =
        assertThrows(ExecutionException.class, () -> await(client.start()));
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    assertTrue(seconds < 20, "refused within the handshake timeout, took " + seconds + " s");
    String message = messages(refused);
    assertTrue(message.contains("certificate not trusted"), message);
    assertTrue(message.contains("RabbitMQ broker 127.0.0.1:" + port), message);
  }

  private static String messages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }

  private static BusSettings settings(boolean tls, String caFile) {
    return TestBusSettings.of(
        Map.of(
            "kvsync.bus.tls.enabled", String.valueOf(tls), "kvsync.bus.tls.ca-cert-file", caFile));
  }

  private static RabbitMQOptions options(int port) {
    return new RabbitMQOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setUser(broker.rabbitUser())
        .setPassword(broker.rabbitPassword())
        .setConnectionTimeout(5_000)
        .setHandshakeTimeout(5_000);
  }

  private static ConnectionFactory factory(int port) {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(port);
    factory.setUsername(broker.rabbitUser());
    factory.setPassword(broker.rabbitPassword());
    return factory;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
