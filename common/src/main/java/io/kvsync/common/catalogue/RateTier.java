package io.kvsync.common.catalogue;

/** Klaviyo's rate-limit tiers: burst per second and steady per minute, per API key. */
public enum RateTier {
  XS(1, 15),
  S(3, 60),
  M(10, 150),
  L(75, 750),
  XL(350, 3500);

  private final int burstPerSecond;
  private final int steadyPerMinute;

  RateTier(int burstPerSecond, int steadyPerMinute) {
    this.burstPerSecond = burstPerSecond;
    this.steadyPerMinute = steadyPerMinute;
  }

  public int burstPerSecond() {
    return burstPerSecond;
  }

  public int steadyPerMinute() {
    return steadyPerMinute;
  }
}
