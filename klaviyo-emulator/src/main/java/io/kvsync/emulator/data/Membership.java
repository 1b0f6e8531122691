package io.kvsync.emulator.data;

import java.time.Instant;

/** A profile in a list or segment, with when it most recently joined. */
public record Membership(String groupId, String profileId, Instant joinedAt) {

  public String key() {
    return groupId + "/" + profileId;
  }
}
