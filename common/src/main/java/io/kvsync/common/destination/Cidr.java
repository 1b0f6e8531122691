package io.kvsync.common.destination;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** A network in CIDR notation, e.g. {@code 10.0.0.0/8} or {@code fc00::/7}. */
record Cidr(byte[] network, int prefixLength, String text) {

  /**
   * @throws IllegalArgumentException when the text is not an IP literal with a prefix length
   */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (!IpLiteral.is(address)) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a network in CIDR notation (e.g. 10.0.0.0/8 or fc00::/7)");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not a network in CIDR notation");
    }
    int length;
    try {
      length = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
    }
    if (length < 0 || length > bytes.length * 8) {
      throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
    }
    return new Cidr(bytes, length, text);
  }

  static List<Cidr> all(String... texts) {
    return Arrays.stream(texts).map(Cidr::parse).toList();
  }

  boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (candidate[full] & mask) == (network[full] & mask);
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr c
        && prefixLength == c.prefixLength
        && Arrays.equals(network, c.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }
}
