package io.kvsync.common.destination;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which addresses a destination may connect to, so that a destination (or a DNS answer that changed
 * after its connection test) cannot turn the services into a scanner of their own network or a
 * reader of the cloud's metadata server. Link-local, metadata, unspecified, broadcast and multicast
 * addresses are always refused; private and loopback addresses only when one of the allowed
 * networks ({@code KVSYNC_DESTINATION_ALLOWED_NETWORKS}) covers them; any other (public) address is
 * allowed. Every address a name resolves to is checked.
 */
public final class DestinationNetworks {

  /** The setting that allows private and loopback networks, as answers name it. */
  public static final String SETTING = "KVSYNC_DESTINATION_ALLOWED_NETWORKS";

  private static final List<Cidr> METADATA =
      Cidr.all("169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32");
  private static final List<Cidr> LINK_LOCAL = Cidr.all("169.254.0.0/16", "fe80::/10");
  private static final List<Cidr> UNUSABLE =
      Cidr.all("0.0.0.0/8", "255.255.255.255/32", "::/128", "224.0.0.0/4", "ff00::/8");
  private static final List<Cidr> PRIVATE =
      Cidr.all(
          "10.0.0.0/8",
          "172.16.0.0/12",
          "192.168.0.0/16",
          "100.64.0.0/10",
          "fc00::/7",
          "127.0.0.0/8",
          "::1/128");

  private final List<Cidr> allowed;

  private DestinationNetworks(List<Cidr> allowed) {
    this.allowed = allowed;
  }

  /**
   * @param cidrs comma-separated networks (e.g. {@code 127.0.0.0/8,::1/128}); blank allows none
   * @throws IllegalArgumentException naming the entry that is not a network
   */
  public static DestinationNetworks allowing(String cidrs) {
    if (cidrs == null || cidrs.isBlank()) {
      return new DestinationNetworks(List.of());
    }
    return new DestinationNetworks(
        Arrays.stream(cidrs.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(Cidr::parse)
            .toList());
  }

  /**
   * Resolves the host (a blocking look-up: call it off the event loop) and checks every address.
   *
   * @return the addresses, all allowed
   * @throws UnknownHostException when the host does not resolve
   * @throws DestinationHostRefusedException when any address is not allowed
   */
  public List<InetAddress> check(String host) throws UnknownHostException {
    String literal =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    List<InetAddress> addresses = List.of(InetAddress.getAllByName(literal));
    for (InetAddress address : addresses) {
      check(host, address);
    }
    return addresses;
  }

  /**
   * @throws DestinationHostRefusedException when this address of the host is not allowed
   */
  public void check(String host, InetAddress address) {
    String what =
        "host "
            + host
            + (host.equals(address.getHostAddress())
                ? ""
                : " resolves to " + address.getHostAddress() + ", which");
    if (within(METADATA, address)) {
      throw refused(what + " is a cloud metadata address: never allowed as a destination");
    }
    if (within(LINK_LOCAL, address)) {
      throw refused(
          what
              + " is a link-local address (169.254.0.0/16, fe80::/10): never allowed as a destination");
    }
    if (address.isAnyLocalAddress()
        || address.isMulticastAddress()
        || within(UNUSABLE, address)
        || ipv4Compatible(address)) {
      throw refused(
          what
              + " is an unspecified, broadcast or multicast address: never allowed as a destination");
    }
    if (within(PRIVATE, address) && !within(allowed, address)) {
      throw refused(
          what
              + " is a private or loopback address, allowed only in the networks "
              + SETTING
              + " lists (now: "
              + describeAllowed()
              + "); add its network (CIDR) there to allow it");
    }
  }

  /** The allowed networks as a rule states them. */
  public String describeAllowed() {
    return allowed.isEmpty()
        ? "none"
        : allowed.stream().map(Cidr::toString).collect(Collectors.joining(", "));
  }

  /** {@code ::a.b.c.d}, a deprecated form some stacks still route to the IPv4 address. */
  private static boolean ipv4Compatible(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != 16 || address.isLoopbackAddress()) {
      return false;
    }
    for (int i = 0; i < 12; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean within(List<Cidr> networks, InetAddress address) {
    return networks.stream().anyMatch(n -> n.contains(address));
  }

  private static DestinationHostRefusedException refused(String message) {
    return new DestinationHostRefusedException(message);
  }
}
