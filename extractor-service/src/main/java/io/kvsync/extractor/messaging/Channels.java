package io.kvsync.extractor.messaging;

/** The extractor's channels; their wiring lives in application.properties. */
public final class Channels {

  /** SyncCommands from the scheduler ({@code sync.commands} / {@code extract}). */
  public static final String COMMANDS = "commands";

  /**
   * RunCancelled and RateShares broadcasts ({@code sync.control}, fanout), on a queue of this
   * process only.
   */
  public static final String CONTROL = "control";

  /** RecordBatches to the loaders ({@code records} / {@code load}). */
  public static final String BATCHES = "batches";

  /**
   * SliceExtracted ({@code extracted.<object>}) and SliceHeartbeat ({@code reading.<object>}) to
   * the scheduler, on {@code sync.progress}.
   */
  public static final String PROGRESS = "progress";

  /** Routing key of every batch. */
  public static final String LOAD_ROUTING_KEY = "load";

  private Channels() {}

  public static String progressRoutingKey(String object) {
    return "extracted." + object;
  }

  public static String heartbeatRoutingKey(String object) {
    return "reading." + object;
  }
}
