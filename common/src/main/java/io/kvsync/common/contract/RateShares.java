package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kvsync.common.bus.MessageBodies;
import io.kvsync.common.catalogue.RateTier;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Broadcast by the scheduler on the control fanout whenever the reads in flight for one Klaviyo key
 * change: the fraction of the key's budget, per tier, that each read in flight may use. The shares
 * of every read of one key and tier, on every extractor, sum to at most 1 (docs/adr/0009).
 *
 * @param keyFingerprint the key's fingerprint ({@code SecretCipher.fingerprint}), never the key
 * @param shares per tier, the share (0..1] of each read in flight that uses it
 * @param at when the scheduler counted the reads in flight
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RateShares(
    int schemaVersion, String keyFingerprint, Map<RateTier, Double> shares, Instant at) {

  public static final int SCHEMA_VERSION = 1;

  public RateShares {
    shares = shares == null ? Map.of() : Map.copyOf(shares);
  }

  /**
   * The shares a control broadcast announces; empty for another control message (a cancellation),
   * or for one without a usable share.
   */
  public static Optional<RateShares> announcedBy(Object payload) {
    RateShares announced;
    try {
      announced = WireFormat.decode(MessageBodies.bytes(payload), RateShares.class);
    } catch (MalformedMessageException e) {
      return Optional.empty();
    }
    boolean usable =
        announced.keyFingerprint() != null
            && !announced.shares().isEmpty()
            && announced.shares().values().stream().allMatch(share -> share > 0 && share <= 1);
    return usable ? Optional.of(announced) : Optional.empty();
  }
}
