package io.kvsync.loader.messaging;

/** Channel names; their wiring to exchanges and queues is in application.properties. */
public final class Channels {

  /** Queue {@code loader.batches} on exchange {@code records}, routing key {@code load}. */
  public static final String BATCHES = "batches";

  /** Queue {@code loader.sweeps} on exchange {@code records}, routing key {@code sweep}. */
  public static final String SWEEPS = "sweeps";

  /** Exchange {@code sync.progress}, routing key {@code loaded.<object>}. */
  public static final String PROGRESS = "progress";

  /**
   * Exchange {@code DLX}, the queues' dead-letter exchange, routing key the queue's name: a refused
   * message's copy with the reason, into {@code <queue>.dlq}.
   */
  public static final String PARKED = "parked";

  /** A queue of this instance only on the fanout exchange {@code sync.control}. */
  public static final String CONTROL = "control";

  private Channels() {}
}
