package io.kvsync.common.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

  private static String key(int fill) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) fill);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private final SecretCipher cipher = SecretCipher.fromBase64Key(key(7));

  @Test
  void decryptsWhatItEncrypted() {
    String sealed = cipher.encrypt("pk_live_abcdef123456");
    assertFalse(sealed.contains("abcdef"));
    assertEquals("pk_live_abcdef123456", cipher.decrypt(sealed));
  }

  @Test
  void everyEncryptionUsesAFreshIv() {
    assertNotEquals(cipher.encrypt("same"), cipher.encrypt("same"));
  }

  @Test
  void anotherKeyCannotOpenIt() {
    String sealed = cipher.encrypt("secret");
    SecretCipher other = SecretCipher.fromBase64Key(key(9));
    assertThrows(SecretDecryptionException.class, () -> other.decrypt(sealed));
  }

  @Test
  void aTamperedSecretIsRefused() {
    byte[] sealed = Base64.getDecoder().decode(cipher.encrypt("secret"));
    sealed[sealed.length - 1] ^= 1;
    String tampered = Base64.getEncoder().encodeToString(sealed);
    assertThrows(SecretDecryptionException.class, () -> cipher.decrypt(tampered));
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
  }

  @Test
  void aFingerprintIsStablePerSecretAndMasterKeyAndRevealsNeither() {
    String fingerprint = cipher.fingerprint("pk_live_abcdef123456");

    assertEquals(
        fingerprint, SecretCipher.fromBase64Key(key(7)).fingerprint("pk_live_abcdef123456"));
    assertNotEquals(fingerprint, cipher.fingerprint("pk_live_abcdef123457"));
    assertNotEquals(
        fingerprint, SecretCipher.fromBase64Key(key(9)).fingerprint("pk_live_abcdef123456"));
    assertEquals(64, fingerprint.length());
    assertFalse(fingerprint.contains("abcdef123456"));
  }
}
