package io.kvsync.common.destination;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class DestinationNetworksTest {

  private static final DestinationNetworks NONE = DestinationNetworks.allowing("");
  private static final DestinationNetworks LOOPBACK =
      DestinationNetworks.allowing("127.0.0.0/8,::1/128");
  private static final DestinationNetworks EVERYTHING =
      DestinationNetworks.allowing("0.0.0.0/0,::/0");

  @Test
  void metadataAndLinkLocalAddressesAreRefusedWhateverIsAllowed() {
    for (String host :
        new String[] {
          "169.254.169.254",
          "169.254.1.1",
          "fe80::1",
          "fd00:ec2::254",
          "100.100.100.200",
          "::ffff:169.254.169.254",
          "0.0.0.0",
          "::",
          "224.0.0.1",
          "ff02::1",
          "::169.254.169.254"
        }) {
      DestinationHostRefusedException refused =
          assertThrows(DestinationHostRefusedException.class, () -> EVERYTHING.check(host), host);
      assertTrue(refused.getMessage().contains("never allowed"), refused.getMessage());
    }
  }

  @Test
  void privateAndLoopbackAddressesNeedAnAllowedNetwork() throws Exception {
    for (String host :
        new String[] {"10.1.2.3", "172.20.0.1", "192.168.1.1", "100.64.0.1", "fd12::1"}) {
      DestinationHostRefusedException refused =
          assertThrows(DestinationHostRefusedException.class, () -> LOOPBACK.check(host), host);
      assertTrue(refused.getMessage().contains(DestinationNetworks.SETTING), refused.getMessage());
      assertTrue(refused.getMessage().contains("127.0.0.0/8, ::1/128"), refused.getMessage());
      assertDoesNotThrow(() -> EVERYTHING.check(host));
    }
    assertThrows(DestinationHostRefusedException.class, () -> NONE.check("127.0.0.1"));
    assertThrows(DestinationHostRefusedException.class, () -> NONE.check("::1"));
    assertDoesNotThrow(() -> LOOPBACK.check("127.0.0.1"));
    assertDoesNotThrow(() -> LOOPBACK.check("::1"));
    assertDoesNotThrow(() -> DestinationNetworks.allowing("10.0.0.0/8").check("10.200.3.4"));
  }

  @Test
  void publicAddressesAreAllowedAndEveryResolvedAddressIsChecked() throws Exception {
    assertDoesNotThrow(() -> NONE.check("8.8.8.8"));
    assertDoesNotThrow(() -> NONE.check("2001:4860:4860::8888"));
    // A name is checked by what it resolves to.
    assertThrows(DestinationHostRefusedException.class, () -> NONE.check("localhost"));
    assertThrows(
        DestinationHostRefusedException.class,
        () -> NONE.check("metadata", InetAddress.getByName("169.254.169.254")));
  }

  @Test
  void anAllowedNetworkThatIsNotACidrIsRefusedAtStart() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class, () -> DestinationNetworks.allowing("10.0.0.0/33"));
    assertTrue(refused.getMessage().contains("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> DestinationNetworks.allowing("intranet"));
  }
}
