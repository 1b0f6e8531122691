package io.kvsync.emulator.data;

/**
 * Turns an object's ordinal into a Klaviyo-looking id that is unique, fixed-width and different per
 * seed: an affine bijection modulo the id space, written in the codec's alphabet.
 */
public final class IdCodec {

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private final String alphabet;
  private final int width;
  private final String prefix;
  private final long space;
  private final long multiplier;
  private final long offset;

  private IdCodec(String alphabet, int width, String prefix, long seed, long salt) {
    this.alphabet = alphabet;
    this.width = width;
    this.prefix = prefix;
    long s = 1;
    for (int i = 0; i < width; i++) {
      s *= alphabet.length();
    }
    this.space = s;
    long mixed = mix(seed * 31 + salt);
    // Odd and not a multiple of 31 or 5: coprime to 62^n and 32^n, so the map is a bijection.
    long m = (Math.floorMod(mixed, space / 4) * 2 + 1);
    while (m % 31 == 0 || m % 5 == 0) {
      m += 2;
    }
    this.multiplier = m % space;
    this.offset = Math.floorMod(mix(mixed), space);
  }

  /** Six base-62 characters, like Klaviyo's metric, list and flow ids. */
  public static IdCodec short62(long seed, long salt) {
    return new IdCodec(BASE62, 6, "", seed, salt);
  }

  /** A ULID-looking 26-character id (like profile and campaign ids): "01" + seeded prefix + 10. */
  public static IdCodec ulid(long seed, long salt) {
    StringBuilder prefix = new StringBuilder("01");
    long bits = mix(seed * 7919 + salt);
    for (int i = 0; i < 14; i++) {
      prefix.append(CROCKFORD.charAt((int) Math.floorMod(bits >>> (i * 4), 32)));
    }
    return new IdCodec(CROCKFORD, 10, prefix.toString(), seed, salt);
  }

  public String encode(long ordinal) {
    long value = Math.floorMod(mulMod(ordinal, multiplier) + offset, space);
    char[] out = new char[width];
    for (int i = width - 1; i >= 0; i--) {
      out[i] = alphabet.charAt((int) (value % alphabet.length()));
      value /= alphabet.length();
    }
    return prefix + new String(out);
  }

  private long mulMod(long a, long b) {
    if (Math.multiplyHigh(a, b) == 0 && a * b >= 0) {
      return Math.floorMod(a * b, space);
    }
    return Math.floorMod(
        java.math.BigInteger.valueOf(a)
            .multiply(java.math.BigInteger.valueOf(b))
            .mod(java.math.BigInteger.valueOf(space))
            .longValue(),
        space);
  }

  /** A 64-bit mixing function (SplitMix64 finaliser). */
  public static long mixPublic(long z) {
    return mix(z);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
