package io.kvsync.common.bus;

import com.rabbitmq.client.ConnectionFactory;
import io.smallrye.reactive.messaging.ClientCustomizer;
import io.vertx.core.net.TrustOptions;
import io.vertx.rabbitmq.RabbitMQOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.eclipse.microprofile.config.Config;

/**
 * AMQPS for every RabbitMQ client of a service, from {@code kvsync.bus.tls.*}: the connector's
 * channels (as a {@link ClientCustomizer}, which the connector applies to each of them) and any
 * plain Java client ({@link #configure(ConnectionFactory)}). The broker's certificate must chain to
 * the configured certificate authorities (or the JVM's) and name the host the client dialled; there
 * is no way to trust every certificate. A broker that fails either check is refused with "RabbitMQ
 * broker host:port: certificate not trusted".
 */
@ApplicationScoped
public class BusTls implements ClientCustomizer<RabbitMQOptions> {

  /** The settings, in the words an operator sets them. */
  static final String TLS_SETTING = "RABBITMQ_TLS (kvsync.bus.tls.enabled)";

  static final String CA_SETTING = "RABBITMQ_CA_CERT_FILE (kvsync.bus.tls.ca-cert-file)";

  private final Optional<BrokerTrust> trust;

  public BusTls(BusSettings settings) {
    BusSettings.Tls tls = settings.tls();
    this.trust = tls.enabled() ? Optional.of(BrokerTrust.of(tls.caCertFile())) : Optional.empty();
  }

  /** Whether the clients speak AMQPS. */
  public boolean enabled() {
    return trust.isPresent();
  }

  @Override
  public RabbitMQOptions customize(String channel, Config channelConfig, RabbitMQOptions options) {
    return apply(options);
  }

  /** Options of a Vert.x RabbitMQ client, turned to AMQPS when the settings say so. */
  public RabbitMQOptions apply(RabbitMQOptions options) {
    trust.ifPresent(
        t -> {
          options.setSsl(true);
          // Whatever else configured the client, it does not trust every certificate.
          options.setTrustAll(false);
          options.setTrustOptions(TrustOptions.wrap(t));
        });
    return options;
  }

  /** A plain Java client's connection factory, turned to AMQPS when the settings say so. */
  public ConnectionFactory configure(ConnectionFactory factory) {
    if (trust.isPresent()) {
      factory.useSslProtocol(trust.get().sslContext());
      factory.enableHostnameVerification();
    }
    return factory;
  }

  /**
   * The JDK's PKIX checks over the configured authorities, with the host name check always on: the
   * Vert.x RabbitMQ client hands the Java client a bare SSL context, which checks no host name
   * unless the socket asks for it, so this asks for it on every handshake.
   */
  static final class BrokerTrust extends X509ExtendedTrustManager {

    private static final String HOST_CHECK = "HTTPS";

    private final X509ExtendedTrustManager pkix;

    private BrokerTrust(X509ExtendedTrustManager pkix) {
      this.pkix = pkix;
    }

    static BrokerTrust of(Optional<Path> caFile) {
      try {
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(caFile.isPresent() ? authorities(caFile.get()) : null);
        for (TrustManager manager : factory.getTrustManagers()) {
          if (manager instanceof X509ExtendedTrustManager x509) {
            return new BrokerTrust(x509);
          }
        }
        throw new IllegalStateException("The JVM offers no X.509 trust manager for AMQPS");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Cannot build the trust for " + TLS_SETTING, e);
      }
    }

    private static KeyStore authorities(Path file) throws GeneralSecurityException {
      Collection<? extends Certificate> certificates;
      try (InputStream in = Files.newInputStream(file)) {
        certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      } catch (IOException | CertificateException e) {
        throw new IllegalArgumentException(
            CA_SETTING + " must name a readable PEM file of certificates: " + file, e);
      }
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(CA_SETTING + " holds no certificate: " + file);
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      try {
        store.load(null, null);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      int index = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      return store;
    }

    SSLContext sslContext() {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {this}, null);
        return context;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Cannot build the SSL context for AMQPS", e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      if (!(socket instanceof SSLSocket ssl)) {
        throw noHostCheck();
      }
      SSLParameters parameters = ssl.getSSLParameters();
      if (!HOST_CHECK.equals(parameters.getEndpointIdentificationAlgorithm())) {
        parameters.setEndpointIdentificationAlgorithm(HOST_CHECK);
        ssl.setSSLParameters(parameters);
      }
      try {
        pkix.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        throw notTrusted(ssl.getHandshakeSession(), e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      if (engine == null) {
        throw noHostCheck();
      }
      SSLParameters parameters = engine.getSSLParameters();
      if (!HOST_CHECK.equals(parameters.getEndpointIdentificationAlgorithm())) {
        parameters.setEndpointIdentificationAlgorithm(HOST_CHECK);
        engine.setSSLParameters(parameters);
      }
      try {
        pkix.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        throw notTrusted(engine.getHandshakeSession(), e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw noHostCheck();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw clientsNotAccepted();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw clientsNotAccepted();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw clientsNotAccepted();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return pkix.getAcceptedIssuers();
    }

    private static CertificateException notTrusted(SSLSession session, CertificateException e) {
      String broker =
          session == null ? "(unknown)" : session.getPeerHost() + ":" + session.getPeerPort();
      return new CertificateException(
          "RabbitMQ broker " + broker + ": certificate not trusted (" + e.getMessage() + ")", e);
    }

    // A check without the connection cannot compare the certificate with the host: refused.
    private static CertificateException noHostCheck() {
      return new CertificateException(
          "RabbitMQ broker: certificate not trusted (no connection to check the host name against)");
    }

    private static CertificateException clientsNotAccepted() {
      return new CertificateException("The bus's trust checks brokers, not clients");
    }
  }
}
