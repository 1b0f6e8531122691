package io.kvsync.emulator.data;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A campaign of one channel ({@code email}, {@code sms} or {@code mobile_push}). The JSON
 * sub-objects are kept as the API writes them. {@code excludedAudiences} may be null.
 */
public record Campaign(
    String id,
    String channel,
    String name,
    String status,
    boolean archived,
    List<String> includedAudiences,
    List<String> excludedAudiences,
    Map<String, Object> sendOptions,
    Map<String, Object> trackingOptions,
    Map<String, Object> sendStrategy,
    Instant createdAt,
    Instant scheduledAt,
    Instant updatedAt,
    Instant sendTime) {

  public Campaign archivedAt(Instant when) {
    return new Campaign(
        id,
        channel,
        name,
        status,
        true,
        includedAudiences,
        excludedAudiences,
        sendOptions,
        trackingOptions,
        sendStrategy,
        createdAt,
        scheduledAt,
        when,
        sendTime);
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> utmParams() {
    if (trackingOptions == null) {
      return List.of();
    }
    Object params = trackingOptions.get("custom_tracking_params");
    return params == null ? List.of() : (List<Map<String, Object>>) params;
  }
}
