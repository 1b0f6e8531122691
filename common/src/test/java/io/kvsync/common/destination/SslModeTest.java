package io.kvsync.common.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.secret.DestinationSpec;
import org.junit.jupiter.api.Test;

class SslModeTest {

  @Test
  void loopbackHostsDefaultToPlainAndEveryOtherHostToVerifyFull() {
    assertEquals(SslMode.DISABLE, SslMode.defaultFor("127.0.0.1"));
    assertEquals(SslMode.DISABLE, SslMode.defaultFor("localhost"));
    assertEquals(SslMode.DISABLE, SslMode.defaultFor("::1"));
    assertEquals(SslMode.VERIFY_FULL, SslMode.defaultFor("db.example.com"));
    assertEquals(SslMode.VERIFY_FULL, SslMode.defaultFor("10.0.0.5"));
  }

  @Test
  void onlyTheFourNamesAreModes() {
    assertEquals(SslMode.VERIFY_CA, SslMode.of("verify-ca"));
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> SslMode.of("prefer"));
    assertEquals(
        "ssl_mode must be one of disable, require, verify-ca, verify-full", refused.getMessage());
  }

  @Test
  void aSpecWithoutTlsSettingsFromAnOlderServiceMeansDisable() throws Exception {
    String older =
        "{\"host\":\"h\",\"port\":5432,\"database\":\"d\",\"user\":\"u\",\"password\":\"p\","
            + "\"schema\":\"s\",\"tablePrefix\":\"\"}";
    DestinationSpec spec = WireFormat.mapper().readValue(older, DestinationSpec.class);
    assertNull(spec.sslMode());
    assertEquals(SslMode.DISABLE, spec.ssl());

    DestinationSpec tls =
        new DestinationSpec("h", 5432, "d", "u", "p", "s", "", "verify-full", "PEM");
    assertEquals(
        tls,
        WireFormat.mapper()
            .readValue(WireFormat.mapper().writeValueAsString(tls), DestinationSpec.class));
  }
}
