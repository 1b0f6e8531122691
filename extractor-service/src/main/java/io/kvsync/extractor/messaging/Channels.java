package io.kvsync.extractor.messaging;

/** The extractor's channels; their wiring lives in application.properties. */
public final class Channels {

  /** SyncCommands from the scheduler ({@code sync.commands} / {@code extract}). */
  public static final String COMMANDS = "commands";

  /** RecordBatches to the loaders ({@code records} / {@code load}). */
  public static final String BATCHES = "batches";

  /** SliceExtracted to the scheduler ({@code sync.progress} / {@code extracted.<object>}). */
  public static final String PROGRESS = "progress";

  /** Routing key of every batch. */
  public static final String LOAD_ROUTING_KEY = "load";

  private Channels() {}

  public static String progressRoutingKey(String object) {
    return "extracted." + object;
  }
}
