package io.kvsync.extractor.klaviyo;

import java.time.Duration;
import java.util.UUID;

/**
 * What every request of one slice shares: whose key, what share of its budget, and how long the
 * slice may spend waiting on Klaviyo's limits before it defers.
 */
public final class SliceCalls {

  private final UUID sliceId;
  private final String apiKey;
  private final double rateShare;
  private final Duration timeBudget;
  private Duration waitedOnLimits = Duration.ZERO;

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
