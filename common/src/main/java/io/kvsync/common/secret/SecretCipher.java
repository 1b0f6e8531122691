package io.kvsync.common.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of secrets (Klaviyo keys, database passwords) at rest and on the bus,
 * under a ring of master keys ({@code KVSYNC_MASTER_KEYS}: {@code id:base64key,...}). The first key
 * of the ring is the newest and seals every new secret; every key of the ring opens.
 *
 * <p>A sealed value is {@code v2.<keyid>.<base64(iv || ciphertext+tag)>}, fresh random IV each
 * time. The {@link SealedPlace} it belongs to (e.g. {@code destinations/<id>/password}) is its
 * additional authenticated data, so a sealed value copied into another row or message does not
 * open. Values sealed before key ids (plain {@code base64(iv || ciphertext+tag)}, no additional
 * data) still open with any key of the ring, until a reseal replaces them.
 */
public final class SecretCipher {

  /** The id a single legacy {@code KVSYNC_MASTER_KEY} gets in the ring. */
  public static final String LEGACY_KEY_ID = "default";

  private static final String VERSION = "v2";
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");
  private static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String HMAC = "HmacSHA256";

  /** Separates the fingerprint key from the encryption key, both drawn from the master key. */
  private static final byte[] FINGERPRINT_PURPOSE =
      "kvsync secret fingerprint v1".getBytes(StandardCharsets.UTF_8);

  /** The ring, newest first. */
  private final Map<String, SecretKeySpec> keys;

  private final String newestKeyId;
  private final SecretKeySpec fingerprintKey;

  private SecretCipher(Map<String, SecretKeySpec> keys) {
    this.keys = keys;
    this.newestKeyId = keys.keySet().iterator().next();
    this.fingerprintKey =
        new SecretKeySpec(
            hmac(new SecretKeySpec(keys.get(newestKeyId).getEncoded(), HMAC), FINGERPRINT_PURPOSE),
            HMAC);
  }

  /**
   * The ring a service is configured with: {@code kvsync.master-keys} or, for deployments made
   * before key rotation, the single {@code kvsync.master-key} (a ring of one key with id {@value
   * #LEGACY_KEY_ID}).
   *
   * @throws IllegalArgumentException naming the setting or entry at fault (never a key) when both
   *     or neither are set, or an entry is malformed
   */
  public static SecretCipher fromSettings(Optional<String> masterKeys, Optional<String> masterKey) {
    Optional<String> ring = masterKeys.filter(value -> !value.isBlank());
    Optional<String> single = masterKey.filter(value -> !value.isBlank());
    if (ring.isPresent() && single.isPresent()) {
      throw new IllegalArgumentException(
          "Both KVSYNC_MASTER_KEYS and KVSYNC_MASTER_KEY are set: set only KVSYNC_MASTER_KEYS"
              + " (add the old key to the ring as \""
              + LEGACY_KEY_ID
              + ":<key>\")");
    }
    if (ring.isPresent()) {
      return fromRing(ring.get());
    }
    if (single.isPresent()) {
      return fromBase64Key(single.get());
    }
    throw new IllegalArgumentException(
        "KVSYNC_MASTER_KEYS is not set: give it as id:base64key,... (e.g. k1:$(openssl rand"
            + " -base64 32)), the same in every service");
  }

  /**
   * @param ring {@code id:base64key} entries separated by commas, newest first; ids match {@code
   *     [A-Za-z0-9_-]{1,16}} and are unique, keys are base64 of 32 random bytes
   */
  public static SecretCipher fromRing(String ring) {
    if (ring == null || ring.isBlank()) {
      throw new IllegalArgumentException("KVSYNC_MASTER_KEYS is empty");
    }
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    String[] entries = ring.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      String where = "KVSYNC_MASTER_KEYS entry " + (i + 1);
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(where + " is not of the form id:base64key");
      }
      String id = entry.substring(0, colon);
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            where + ": the key id must be 1 to 16 of A-Z a-z 0-9 _ -");
      }
      where += " (id \"" + id + "\")";
      if (keys.containsKey(id)) {
        throw new IllegalArgumentException(where + ": the key id appears twice in the ring");
      }
      keys.put(id, aesKey(entry.substring(colon + 1), where));
    }
    return new SecretCipher(keys);
  }

  /**
   * A ring of one key with id {@value #LEGACY_KEY_ID}.
   *
   * @param base64Key 32 random bytes, base64-encoded (e.g. {@code openssl rand -base64 32})
   */
  public static SecretCipher fromBase64Key(String base64Key) {
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    keys.put(LEGACY_KEY_ID, aesKey(base64Key, "The master key"));
    return new SecretCipher(keys);
  }

  private static SecretKeySpec aesKey(String base64Key, String where) {
    if (base64Key == null || base64Key.isBlank()) {
      throw new IllegalArgumentException(where + " is not set");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " is not valid base64");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          where + " must be 32 bytes (base64 of 32 random bytes), got " + key.length);
    }
    return new SecretKeySpec(key, "AES");
  }

  /** The id of the key that seals new secrets: the ring's first. */
  public String newestKeyId() {
    return newestKeyId;
  }

  /** The ids of the ring, newest first. */
  public List<String> keyIds() {
    return List.copyOf(keys.keySet());
  }

  /** Seals {@code plaintext} with the newest key, bound to {@code place}. */
  public String encrypt(String plaintext, SealedPlace place) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(newestKeyId), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(place.additionalData());
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + sealed.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(sealed, 0, out, iv.length, sealed.length);
      return VERSION + "." + newestKeyId + "." + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Opens a value sealed for {@code place} by any key of the ring, or a value sealed before key ids
   * (no place bound) by any key of the ring.
   *
   * @throws SecretDecryptionException when no key of the ring opens it for this place: its key was
   *     removed from the ring, it was altered, or it was copied from another place
   */
  public String decrypt(String ciphertext, SealedPlace place) {
    if (ciphertext == null) {
      throw new SecretDecryptionException("No sealed value was given");
    }
    if (!ciphertext.startsWith(VERSION + ".")) {
      for (SecretKeySpec key : keys.values()) {
        Optional<String> opened = open(ciphertext, key, null);
        if (opened.isPresent()) {
          return opened.get();
        }
      }
      throw new SecretDecryptionException(
          "The secret (sealed before key ids) opens with no key of the ring " + keys.keySet());
    }
    String rest = ciphertext.substring(VERSION.length() + 1);
    int dot = rest.indexOf('.');
    String keyId = dot < 0 ? "" : rest.substring(0, dot);
    SecretKeySpec key = keys.get(keyId);
    if (key == null) {
      throw new SecretDecryptionException(
          "The secret was sealed with key \""
              + keyId
              + "\", which is not in the ring "
              + keys.keySet()
              + " (KVSYNC_MASTER_KEYS must hold it, the same in every service)");
    }
    return open(rest.substring(dot + 1), key, place.additionalData())
        .orElseThrow(
            () ->
                new SecretDecryptionException(
                    "The secret sealed with key \""
                        + keyId
                        + "\" does not open for "
                        + place
                        + ": altered, or copied from elsewhere"));
  }

  /** Whether the value is sealed by the newest key in the current format: a reseal skips it. */
  public boolean isSealedWithNewestKey(String ciphertext) {
    return ciphertext != null && ciphertext.startsWith(VERSION + "." + newestKeyId + ".");
  }

  private static Optional<String> open(String base64, SecretKeySpec key, byte[] additionalData) {
    try {
      byte[] in = Base64.getDecoder().decode(base64);
      if (in.length <= IV_BYTES) {
        return Optional.empty();
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
      if (additionalData != null) {
        cipher.updateAAD(additionalData);
      }
      byte[] plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
      return Optional.of(new String(plain, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Names a secret without revealing it: the same secret always gets the same fingerprint under one
   * newest master key (so Klaviyo keys can be grouped, e.g. for rate budgets), and nobody without
   * the master key can test a guessed secret against it. 64 hex digits (HMAC-SHA256). Rotating the
   * newest key changes every fingerprint: the scheduler recomputes the stored ones on reseal and on
   * each dispatch.
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
