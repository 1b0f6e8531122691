package io.kvsync.scheduler.job;

import io.kvsync.common.contract.ReadResume;
import io.kvsync.common.contract.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A chunk's resume point as stored in its slice row: the extractor's own JSON, kept as it is. */
final class SliceResume {

  private SliceResume() {}

  static String encode(ReadResume resume) {
    return resume == null
        ? null
        : new String(WireFormat.encode(resume), java.nio.charset.StandardCharsets.UTF_8);
  }

  static ReadResume decode(String stored) {
    if (stored == null) {
      return null;
    }
    try {
      return WireFormat.mapper().readValue(stored, ReadResume.class);
    } catch (IOException e) {
      throw new UncheckedIOException("A stored resume point cannot be read", e);
    }
  }
}
