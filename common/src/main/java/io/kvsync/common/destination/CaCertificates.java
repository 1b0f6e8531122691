package io.kvsync.common.destination;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/** The rule for a destination's CA certificate: X.509 certificates in PEM, 64 KiB at most. */
public final class CaCertificates {

  public static final int MAX_BYTES = 64 * 1024;
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

  private CaCertificates() {}

  /**
   * @return the reason the text is not a usable CA certificate, or null when it is one
   */
  public static String problem(String pem) {
    if (pem.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return "ca_certificate must be at most " + MAX_BYTES + " bytes of PEM";
    }
    if (!pem.contains(BEGIN)) {
      return "ca_certificate must be PEM: one or more " + BEGIN + " blocks";
    }
    try {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
      return certificates.isEmpty()
          ? "ca_certificate must hold at least one X.509 certificate in PEM"
          : null;
    } catch (CertificateException e) {
      return "ca_certificate must be X.509 certificates in PEM; this text does not parse as one";
    }
  }
}
