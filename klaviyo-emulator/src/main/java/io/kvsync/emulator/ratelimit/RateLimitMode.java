package io.kvsync.emulator.ratelimit;

/**
 * How strictly requests are throttled: Klaviyo's published numbers, those numbers multiplied by a
 * factor (e.g. 10 for fast tests that still exercise 429s), or no limits at all (benchmarks).
 */
public record RateLimitMode(Kind kind, double factor) {

  public enum Kind {
    KLAVIYO,
    SCALED,
    OFF
  }

  public static final RateLimitMode KLAVIYO = new RateLimitMode(Kind.KLAVIYO, 1.0);
  public static final RateLimitMode OFF = new RateLimitMode(Kind.OFF, 0.0);

  public RateLimitMode {
    if (kind == Kind.SCALED && !(factor > 0)) {
      throw new IllegalArgumentException("a scaled rate limit needs a positive factor");
    }
  }

  public static RateLimitMode scaled(double factor) {
    return new RateLimitMode(Kind.SCALED, factor);
  }

  /** Parses {@code klaviyo}, {@code off} or {@code scaled:<factor>} (also {@code x<factor>}). */
  public static RateLimitMode parse(String text) {
    String value = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (value.equals("klaviyo")) {
      return KLAVIYO;
    }
    if (value.equals("off")) {
      return OFF;
    }
    String factor =
        value.startsWith("scaled:")
            ? value.substring(7)
            : value.startsWith("x") ? value.substring(1) : null;
    if (factor != null) {
      try {
        return scaled(Double.parseDouble(factor));
      } catch (NumberFormatException e) {
        // falls through to the explanation below
      }
    }
    throw new IllegalArgumentException(
        "rate limit mode '" + text + "' is not one of: klaviyo, off, scaled:<factor>");
  }

  /** The effective limit for a published Klaviyo limit. */
  public double apply(int published) {
    return kind == Kind.SCALED ? published * factor : published;
  }

  public boolean enabled() {
    return kind != Kind.OFF;
  }
}
