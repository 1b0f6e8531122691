package io.kvsync.emulator.data;

/** Stable pseudo-random choices derived from an id. */
public final class IdCodecs {

  private IdCodecs() {}

  /** A number in 0..buckets-1 that depends only on the id. */
  public static int bucket(String id, int buckets) {
    return (int) Math.floorMod(IdCodec.mix(id.hashCode()), (long) buckets);
  }
}
