package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A record that was not loaded, with the reason.
 *
 * @param payload the record's JSON, capped in size
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordFailure(String recordId, String reason, String payload) {

  /** Longest payload carried in a failure report. */
  public static final int PAYLOAD_CAP = 4096;

  public static RecordFailure of(String recordId, String reason, String payload) {
    String capped =
        payload == null || payload.length() <= PAYLOAD_CAP
            ? payload
            : payload.substring(0, PAYLOAD_CAP);
    return new RecordFailure(recordId, reason, capped);
  }
}
