package io.kvsync.scheduler.messaging;

/**
 * Channel names and routing keys; the wiring to exchanges and queues is in application.properties.
 */
public final class Channels {

  /** Outgoing {@code SyncCommand}s to the {@code sync.commands} exchange. */
  public static final String COMMANDS = "commands";

  /** Outgoing {@code DeletionSweep}s to the {@code records} exchange. */
  public static final String SWEEPS = "sweeps";

  /**
   * Incoming {@code SliceExtracted} and {@code BatchLoaded} from the {@code scheduler.progress}
   * queue.
   */
  public static final String PROGRESS = "progress";

  /** Outgoing replayed {@code RecordBatch}es to the {@code records} exchange. */
  public static final String REPLAYS = "replays";

  /**
   * Outgoing {@code RunCancelled} and {@code RateShares} broadcasts to the {@code sync.control}
   * fanout exchange.
   */
  public static final String CONTROL = "control";

  public static final String EXTRACT_ROUTING_KEY = "extract";
  public static final String LOAD_ROUTING_KEY = "load";
  public static final String SWEEP_ROUTING_KEY = "sweep";
  public static final String EXTRACTED_PREFIX = "extracted.";
  public static final String LOADED_PREFIX = "loaded.";
  public static final String READING_PREFIX = "reading.";

  private Channels() {}
}
