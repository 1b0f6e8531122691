package io.kvsync.common.destination;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a destination connection uses TLS, with libpq's names and meanings: {@code disable} plain,
 * {@code require} encrypted without checking the server's certificate, {@code verify-ca} encrypted
 * to a server whose certificate a trusted CA signed, {@code verify-full} that and the certificate
 * names the host.
 */
public enum SslMode {
  DISABLE("disable"),
  REQUIRE("require"),
  VERIFY_CA("verify-ca"),
  VERIFY_FULL("verify-full");

  private final String wireName;

  SslMode(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the API and on the bus, e.g. {@code verify-full}. */
  public String wireName() {
    return wireName;
  }

  /** Whether the server's certificate must chain to a trusted CA. */
  public boolean verifiesCertificate() {
    return this == VERIFY_CA || this == VERIFY_FULL;
  }

  /**
   * @throws IllegalArgumentException naming the accepted values when the name is none of them
   */
  public static SslMode of(String wireName) {
    for (SslMode mode : values()) {
      if (mode.wireName.equals(wireName)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("ssl_mode must be one of " + names());
  }

  /**
   * What a destination without a stated mode gets: {@code disable} on the machine itself (nothing
   * crosses a network), {@code verify-full} anywhere else.
   */
  public static SslMode defaultFor(String host) {
    return isLoopback(host) ? DISABLE : VERIFY_FULL;
  }

  /** The accepted names, as a rule states them. */
  public static String names() {
    return Arrays.stream(values()).map(SslMode::wireName).collect(Collectors.joining(", "));
  }

  private static boolean isLoopback(String host) {
    String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    // Only literal addresses: a name is not resolved to pick a default.
    if (!IpLiteral.is(h)) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
