package io.kvsync.common.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of secrets (Klaviyo keys, database passwords) at rest and on the bus. The
 * ciphertext is {@code base64(iv || ciphertext+tag)}; every encryption uses a fresh random IV.
 */
public final class SecretCipher {

  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String HMAC = "HmacSHA256";

  /** Separates the fingerprint key from the encryption key, both drawn from the master key. */
  private static final byte[] FINGERPRINT_PURPOSE =
      "kvsync secret fingerprint v1".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec key;
  private final SecretKeySpec fingerprintKey;

  private SecretCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "The master key must be 32 bytes (base64 of 32 random bytes), got " + key.length);
    }
    this.key = new SecretKeySpec(key, "AES");
    this.fingerprintKey =
        new SecretKeySpec(hmac(new SecretKeySpec(key, HMAC), FINGERPRINT_PURPOSE), HMAC);
  }

  /**
   * @param base64Key 32 random bytes, base64-encoded (e.g. {@code openssl rand -base64 32})
   */
  public static SecretCipher fromBase64Key(String base64Key) {
    if (base64Key == null || base64Key.isBlank()) {
      throw new IllegalArgumentException("The master key is not set");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The master key is not valid base64: " + e.getMessage());
    }
    return new SecretCipher(key);
  }

  public String encrypt(String plaintext) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + sealed.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(sealed, 0, out, iv.length, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * @throws SecretDecryptionException when the text was not sealed with this key or was altered
   */
  public String decrypt(String ciphertext) {
    if (ciphertext == null) {
      throw new SecretDecryptionException("No sealed value was given");
    }
    try {
      byte[] in = Base64.getDecoder().decode(ciphertext);
      if (in.length <= IV_BYTES) {
        throw new SecretDecryptionException("The secret is too short to be a sealed value");
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
      byte[] plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SecretDecryptionException(
          "The secret cannot be decrypted with this master key (keys differ between services?)");
    }
  }

  /**
   * Names a secret without revealing it: the same secret always gets the same fingerprint under one
   * master key (so Klaviyo keys can be grouped, e.g. for rate budgets), and nobody without the
   * master key can test a guessed secret against it. 64 hex digits (HMAC-SHA256).
   */
  public String fingerprint(String secret) {
    if (secret == null) {
      throw new IllegalArgumentException("No secret was given to fingerprint");
    }
    return HexFormat.of().formatHex(hmac(fingerprintKey, secret.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] hmac(SecretKeySpec key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /** Shows a secret as {@code pk_****abcd}: its first 3 and last 4 characters at most. */
  public static String mask(String secret) {
    if (secret == null || secret.isEmpty()) {
      return secret;
    }
    if (secret.length() <= 8) {
      return "****";
    }
    String head = secret.substring(0, 3);
    return head + "****" + secret.substring(secret.length() - 4);
  }
}
