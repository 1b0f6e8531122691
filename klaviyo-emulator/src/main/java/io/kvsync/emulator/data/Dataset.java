package io.kvsync.emulator.data;

import java.time.Instant;

/** The emulated account's data, generated from a seed at a scale, then changed by the admin API. */
public final class Dataset {

  private final long seed;
  private final Scale scale;
  private final Instant anchor;
  private final Account account;
  private final Table<Metric> metrics;

  public Dataset(long seed, Scale scale, Instant anchor) {
    this.seed = seed;
    this.scale = scale;
    this.anchor = anchor;
    this.account = Account.generate(seed);
    this.metrics = new Table<>(Metric::id, MetricGenerator.generate(seed, scale.metrics(), anchor));
  }

  public long seed() {
    return seed;
  }

  public Scale scale() {
    return scale;
  }

  public Instant anchor() {
    return anchor;
  }

  public Account account() {
    return account;
  }

  public Table<Metric> metrics() {
    return metrics;
  }
}
