package io.kvsync.common.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

  private static final SealedPlace PASSWORD = SealedPlace.destinationPassword(UUID.randomUUID());

  private static String key(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private final SecretCipher cipher = SecretCipher.fromBase64Key(key(7));

  @Test
  void decryptsWhatItEncrypted() {
    String sealed = cipher.encrypt("pk_live_abcdef123456", PASSWORD);
    assertFalse(sealed.contains("abcdef"));
    assertEquals("pk_live_abcdef123456", cipher.decrypt(sealed, PASSWORD));
  }

  @Test
  void everyEncryptionUsesAFreshIv() {
    assertNotEquals(cipher.encrypt("same", PASSWORD), cipher.encrypt("same", PASSWORD));
  }

  @Test
  void anotherKeyCannotOpenIt() {
    String sealed = SecretCipher.fromRing("k1:" + key(7)).encrypt("secret", PASSWORD);
    SecretCipher other = SecretCipher.fromRing("k1:" + key(9));
    assertThrows(SecretDecryptionException.class, () -> other.decrypt(sealed, PASSWORD));
  }

  @Test
  void aTamperedSecretIsRefused() {
    String sealed = cipher.encrypt("secret", PASSWORD);
    // One bit of the authentication tag flipped in the bytes, not in the text: a changed base64
    // character may fall in the padding bits, which decoders ignore.
    int bodyStart = sealed.lastIndexOf('.') + 1;
    byte[] body = java.util.Base64.getDecoder().decode(sealed.substring(bodyStart));
    body[body.length - 1] ^= 1;
    String tampered =
        sealed.substring(0, bodyStart) + java.util.Base64.getEncoder().encodeToString(body);
    assertThrows(SecretDecryptionException.class, () -> cipher.decrypt(tampered, PASSWORD));
  }

  @Test
  void aShortKeyIsRefusedWithItsLength() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SecretCipher.fromBase64Key(Base64.getEncoder().encodeToString(new byte[16])));
    assertEquals(
        "The master key must be 32 bytes (base64 of 32 random bytes), got 16", e.getMessage());
  }

  @Test
  void theNewestKeySealsAndItsIdTravelsWithTheValue() {
    SecretCipher ring = SecretCipher.fromRing("k2:" + key(2) + ", k1:" + key(1));
    assertEquals("k2", ring.newestKeyId());
    assertEquals(List.of("k2", "k1"), ring.keyIds());
    String sealed = ring.encrypt("secret", PASSWORD);
    assertTrue(sealed.startsWith("v2.k2."), sealed);
    assertTrue(ring.isSealedWithNewestKey(sealed));
  }

  @Test
  void everyKeyOfTheRingOpensWhatItSealed() {
    String sealedWithK1 = SecretCipher.fromRing("k1:" + key(1)).encrypt("secret", PASSWORD);
    SecretCipher rotated = SecretCipher.fromRing("k2:" + key(2) + ",k1:" + key(1));

    assertEquals("secret", rotated.decrypt(sealedWithK1, PASSWORD));
    assertFalse(rotated.isSealedWithNewestKey(sealedWithK1));
  }

  @Test
  void aValueWhoseKeyLeftTheRingNamesTheMissingKeyButNoSecret() {
    String sealedWithK1 = SecretCipher.fromRing("k1:" + key(1)).encrypt("secret", PASSWORD);
    SecretCipher withoutK1 = SecretCipher.fromRing("k2:" + key(2));

    var e =
        assertThrows(
            SecretDecryptionException.class, () -> withoutK1.decrypt(sealedWithK1, PASSWORD));
    assertTrue(e.getMessage().contains("sealed with key \"k1\""), e.getMessage());
    assertTrue(e.getMessage().contains("[k2]"), e.getMessage());
    assertFalse(e.getMessage().contains(key(1)));
    assertFalse(e.getMessage().contains(key(2)));
  }

  @Test
  void aValueCopiedToAnotherPlaceDoesNotOpen() {
    SealedPlace other = SealedPlace.destinationPassword(UUID.randomUUID());
    String sealed = cipher.encrypt("secret", PASSWORD);

    assertThrows(SecretDecryptionException.class, () -> cipher.decrypt(sealed, other));
    assertThrows(
        SecretDecryptionException.class, () -> cipher.decrypt(sealed, SealedPlace.BUS_DESTINATION));
  }

  @Test
  void valuesSealedBeforeKeyIdsOpenWithAnyKeyOfTheRing() throws Exception {
    String legacy = legacySeal("pk_live_old", key(1));
    SecretCipher ring = SecretCipher.fromRing("k2:" + key(2) + ",k1:" + key(1));

    assertEquals("pk_live_old", ring.decrypt(legacy, PASSWORD));
    assertFalse(ring.isSealedWithNewestKey(legacy));
    assertThrows(
        SecretDecryptionException.class,
        () -> SecretCipher.fromRing("k2:" + key(2)).decrypt(legacy, PASSWORD));
  }

  /** The format written before key ids: base64(iv || ciphertext+tag), no additional data. */
  private static String legacySeal(String plaintext, String base64Key) throws Exception {
    byte[] iv = new byte[12];
    new SecureRandom().nextBytes(iv);
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
        new GCMParameterSpec(128, iv));
    byte[] sealed = aes.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
    byte[] out = new byte[iv.length + sealed.length];
    System.arraycopy(iv, 0, out, 0, iv.length);
    System.arraycopy(sealed, 0, out, iv.length, sealed.length);
    return Base64.getEncoder().encodeToString(out);
  }

  @Test
  void aMalformedRingIsRefusedNamingTheEntryButNeverTheKey() {
    String good = key(1);
    assertRefused("k1:" + good + ",k2:not*base64", "KVSYNC_MASTER_KEYS entry 2 (id \"k2\")");
    assertRefused(
        "k1:" + good + ",k2:" + Base64.getEncoder().encodeToString(new byte[16]),
        "entry 2 (id \"k2\") must be 32 bytes");
    assertRefused("k1:" + good + ",k1:" + key(2), "entry 2 (id \"k1\"): the key id appears twice");
    assertRefused("k1:" + good + "," + key(2), "entry 2 is not of the form id:base64key");
    assertRefused("a key id too long:" + good, "entry 1: the key id must be 1 to 16");
    assertRefused("k1:" + good + ",", "entry 2 is not of the form id:base64key");
  }

  private static void assertRefused(String ring, String expected) {
    var e = assertThrows(IllegalArgumentException.class, () -> SecretCipher.fromRing(ring));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    for (String entry : ring.split(",")) {
      int colon = entry.indexOf(':');
      if (colon >= 0 && entry.length() > colon + 1) {
        assertFalse(e.getMessage().contains(entry.substring(colon + 1)), e.getMessage());
      }
    }
  }

  @Test
  void settingsTakeTheRingOrTheOldSingleKeyButNotBoth() {
    assertEquals(
        List.of("k1"),
        SecretCipher.fromSettings(Optional.of("k1:" + key(1)), Optional.empty()).keyIds());
    assertEquals(
        List.of(SecretCipher.LEGACY_KEY_ID),
        SecretCipher.fromSettings(Optional.of(" "), Optional.of(key(1))).keyIds());
    var both =
        assertThrows(
            IllegalArgumentException.class,
            () -> SecretCipher.fromSettings(Optional.of("k1:" + key(1)), Optional.of(key(1))));
    assertTrue(both.getMessage().contains("Both KVSYNC_MASTER_KEYS and KVSYNC_MASTER_KEY"));
    var neither =
        assertThrows(
            IllegalArgumentException.class,
            () -> SecretCipher.fromSettings(Optional.empty(), Optional.empty()));
    assertTrue(neither.getMessage().contains("KVSYNC_MASTER_KEYS is not set"));
  }

  @Test
  void masksAllButTheEnds() {
    assertEquals("pk_****abcd", SecretCipher.mask("pk_1234567890abcd"));
    assertEquals("****", SecretCipher.mask("short"));
  }

  @Test
  void destinationSpecTravelsSealed() {
    DestinationSpec spec =
        new DestinationSpec("127.0.0.1", 5432, "db", "u", "p@ss", "klaviyo", "kl_");
    String sealed = spec.seal(cipher);
    assertFalse(sealed.contains("p@ss"));
    assertEquals(spec, DestinationSpec.unseal(sealed, cipher));
    assertFalse(spec.toString().contains("p@ss"));
    assertThrows(
        SecretDecryptionException.class,
        () -> cipher.decrypt(sealed, SealedPlace.BUS_SOURCE_CREDENTIAL));
  }

  @Test
  void aFingerprintIsStablePerSecretAndNewestKeyAndRevealsNeither() {
    String fingerprint = cipher.fingerprint("pk_live_abcdef123456");

    assertEquals(
        fingerprint, SecretCipher.fromBase64Key(key(7)).fingerprint("pk_live_abcdef123456"));
    assertEquals(
        fingerprint,
        SecretCipher.fromRing("k7:" + key(7) + ",k9:" + key(9))
            .fingerprint("pk_live_abcdef123456"));
    assertNotEquals(fingerprint, cipher.fingerprint("pk_live_abcdef123457"));
    assertNotEquals(
        fingerprint, SecretCipher.fromBase64Key(key(9)).fingerprint("pk_live_abcdef123456"));
    assertEquals(64, fingerprint.length());
    assertFalse(fingerprint.contains("abcdef123456"));
  }
}
