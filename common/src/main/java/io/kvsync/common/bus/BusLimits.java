package io.kvsync.common.bus;

/**
 * The size limits of the bus, one set for every service (docs/adr/0005-size-limits.md).
 *
 * <p>Every deployment sets the broker's {@code max_message_size} to {@link
 * #DEFAULT_MAX_MESSAGE_BYTES} and every client accepts deliveries that large ({@code
 * kvsync.bus.max-message-bytes}), so that a batch carrying a single record up to {@link
 * #MAX_RECORD_BYTES} still travels.
 */
public final class BusLimits {

  /** The setting every service reads: the largest message body the bus carries. */
  public static final String MAX_MESSAGE_BYTES_SETTING = "kvsync.bus.max-message-bytes";

  /**
   * 160 MiB: a record of {@link #MAX_RECORD_BYTES} plus its batch's envelope, with room to spare.
   */
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 167_772_160L;

  /** Klaviyo's rule, which kvsync follows: records (events) over 128 MB are not loaded. */
  public static final long MAX_RECORD_BYTES = 134_217_728L;

  private BusLimits() {}
}
