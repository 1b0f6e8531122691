package io.kvsync.scheduler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTROL_DB_SSL_MODE and CONTROL_DB_CA_CERT_FILE as the reactive datasource's TLS keys. */
class ControlDbTlsTest {

  private static final String DS = "quarkus.datasource.reactive.";

  @TempDir Path dir;

  @Test
  void disableIsPlainAndAnEmptyCaFileBreaksNothing() {
    Map<String, String> settings = ControlDbTls.datasourceSettings("disable", "");
    assertEquals(Map.of(DS + "postgresql.ssl-mode", "disable"), settings);
    assertEquals(settings, ControlDbTls.datasourceSettings(null, null));
  }

  @Test
  void verifyFullChecksTheChainAgainstTheCaFileAndTheHostName() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----");
    Map<String, String> settings = ControlDbTls.datasourceSettings("verify-full", ca.toString());
    assertEquals("verify-full", settings.get(DS + "postgresql.ssl-mode"));
    assertEquals("true", settings.get(DS + "trust-certificate-pem"));
    assertEquals(ca.toString(), settings.get(DS + "trust-certificate-pem.certs"));
    assertEquals("HTTPS", settings.get(DS + "hostname-verification-algorithm"));
    assertFalse(settings.containsKey(DS + "trust-all"));
  }

  @Test
  void verifyCaChecksTheChainButNotTheHostName() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----");
    Map<String, String> settings = ControlDbTls.datasourceSettings("VERIFY-CA", ca.toString());
    assertEquals("verify-ca", settings.get(DS + "postgresql.ssl-mode"));
    assertEquals(ca.toString(), settings.get(DS + "trust-certificate-pem.certs"));
    assertEquals("NONE", settings.get(DS + "hostname-verification-algorithm"));
    assertFalse(settings.containsKey(DS + "trust-all"));
  }

  @Test
  void requireEncryptsAndChecksOnlyWhenGivenACa() throws Exception {
    Map<String, String> bare = ControlDbTls.datasourceSettings("require", " ");
    assertEquals("require", bare.get(DS + "postgresql.ssl-mode"));
    assertEquals("true", bare.get(DS + "trust-all"));
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----");
    Map<String, String> checked = ControlDbTls.datasourceSettings("require", ca.toString());
    assertFalse(checked.containsKey(DS + "trust-all"));
    assertEquals(ca.toString(), checked.get(DS + "trust-certificate-pem.certs"));
  }

  @Test
  void aVerifyingModeWithoutCaAnUnknownModeOrAMissingFileStopTheServiceNamingTheSetting() {
    String noCa =
        assertThrows(
                IllegalArgumentException.class,
                () -> ControlDbTls.datasourceSettings("verify-full", ""))
            .getMessage();
    assertTrue(noCa.contains("CONTROL_DB_CA_CERT_FILE"), noCa);
    String unknown =
        assertThrows(
                IllegalArgumentException.class, () -> ControlDbTls.datasourceSettings("prefer", ""))
            .getMessage();
    assertTrue(unknown.contains("CONTROL_DB_SSL_MODE"), unknown);
    assertTrue(unknown.contains("verify-full"), unknown);
    String missing =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ControlDbTls.datasourceSettings(
                        "verify-ca", dir.resolve("none.pem").toString()))
            .getMessage();
    assertTrue(missing.contains("CONTROL_DB_CA_CERT_FILE"), missing);
  }

  @Test
  void theEnvironmentReachesTheDatasourceKeysThroughApplicationProperties() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----");
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .addDefaultInterceptors()
            .withSources(
                new PropertiesConfigSource(
                    Map.of(
                        "kvsync.control-db.ssl-mode",
                        "${CONTROL_DB_SSL_MODE:disable}",
                        "kvsync.control-db.ca-cert-file",
                        "${CONTROL_DB_CA_CERT_FILE:}",
                        DS + "hostname-verification-algorithm",
                        "NONE"),
                    "application.properties",
                    250))
            // What the environment says, above application.properties as in a service.
            .withSources(
                new PropertiesConfigSource(
                    Map.of(
                        "CONTROL_DB_SSL_MODE",
                        "verify-full",
                        "CONTROL_DB_CA_CERT_FILE",
                        ca.toString()),
                    "environment",
                    300))
            .withSources(new ControlDbTls())
            .build();
    assertEquals("verify-full", config.getRawValue(DS + "postgresql.ssl-mode"));
    assertEquals("HTTPS", config.getRawValue(DS + "hostname-verification-algorithm"));
    assertEquals(ca.toString(), config.getRawValue(DS + "trust-certificate-pem.certs"));
  }
}
