package io.kvsync.extractor.objects;

import io.kvsync.common.contract.SliceExtracted;

/** How a read ended, which decides how its command is settled. */
public sealed interface ReadResult {

  /** Publish the outcome, then ack the command. */
  record Reported(SliceExtracted outcome) implements ReadResult {}

  /** The job was cancelled: ack the command without an outcome. */
  record Cancelled() implements ReadResult {}

  /**
   * The extractor shuts down before the read got a page: leave the command unacked, it returns to
   * the queue when the connector closes its channel and another extractor reads it.
   */
  record Released() implements ReadResult {}
}
