package io.kvsync.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS listener on loopback in front of a plain TCP service (the shared broker has no TLS
 * listener, and is not reconfigured for one test): each connection's TLS handshake completes here,
 * then its bytes go both ways to the target. Counts the handshakes that completed, so a test sees
 * that its client really spoke TLS.
 */
public final class TlsProxy implements AutoCloseable {

  private final SSLServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final AtomicInteger handshakes = new AtomicInteger();
  private final AtomicInteger failedHandshakes = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private TlsProxy(SSLServerSocket server, String targetHost, int targetPort) {
    this.server = server;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Listens on a free loopback port with the certificate's key, forwarding to the target. */
  public static TlsProxy start(SelfSignedCertificate certificate, String targetHost, int targetPort)
      throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(certificate.keyStore())) {
      store.load(in, certificate.password());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, certificate.password());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    SSLServerSocket server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    TlsProxy proxy = new TlsProxy(server, targetHost, targetPort);
    Thread acceptor = new Thread(proxy::accept, "tls-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** TLS handshakes that completed: a client spoke TLS and accepted the certificate. */
  public int handshakes() {
    return handshakes.get();
  }

  /** TLS handshakes that a client broke off, e.g. because it did not trust the certificate. */
  public int failedHandshakes() {
    return failedHandshakes.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        SSLSocket client = (SSLSocket) server.accept();
        sockets.add(client);
        Thread connection = new Thread(() -> serve(client), "tls-proxy-connection");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(SSLSocket client) {
    try {
      client.setSoTimeout(30_000);
      client.startHandshake();
      client.setSoTimeout(0);
    } catch (IOException refused) {
      failedHandshakes.incrementAndGet();
      closeQuietly(client);
      return;
    }
    handshakes.incrementAndGet();
    try {
      Socket upstream = new Socket();
      sockets.add(upstream);
      upstream.connect(new InetSocketAddress(targetHost, targetPort), 10_000);
      Thread back = new Thread(() -> pump(upstream, client), "tls-proxy-back");
      back.setDaemon(true);
      back.start();
      pump(client, upstream);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      byte[] buffer = new byte[64 * 1024];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException closed) {
      // one side went away: the connection ends
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(TlsProxy::closeQuietly);
  }
}
