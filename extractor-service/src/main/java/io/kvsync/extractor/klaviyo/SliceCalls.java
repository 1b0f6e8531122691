package io.kvsync.extractor.klaviyo;

import java.time.Duration;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * What every request of one slice shares: whose key, the share of its budget the command carried,
 * and how long the slice may spend waiting on Klaviyo's limits before it defers.
 */
public final class SliceCalls {

  private final UUID sliceId;
  private final String apiKey;
  private final double rateShare;
  private final Duration timeBudget;
  private Duration waitedOnLimits = Duration.ZERO;
  private String keyFingerprint;

  public SliceCalls(UUID sliceId, String apiKey, double rateShare, Duration timeBudget) {
    this.sliceId = sliceId;
    this.apiKey = apiKey;
    this.rateShare = rateShare;
    this.timeBudget = timeBudget;
  }

  public UUID sliceId() {
    return sliceId;
  }

  String apiKey() {
    return apiKey;
  }

  /** The key's fingerprint, computed once per slice: budgets are kept by it, never by the key. */
  synchronized String keyFingerprint(UnaryOperator<String> fingerprint) {
    if (keyFingerprint == null) {
      keyFingerprint = fingerprint.apply(apiKey);
    }
    return keyFingerprint;
  }

  double rateShare() {
    return rateShare;
  }

  Duration timeBudget() {
    return timeBudget;
  }

  synchronized Duration waitedOnLimits() {
    return waitedOnLimits;
  }

  synchronized void waited(Duration wait) {
    waitedOnLimits = waitedOnLimits.plus(wait);
  }

  @Override
  public String toString() {
    // Never the key itself.
    return "SliceCalls[" + sliceId + "]";
  }
}
