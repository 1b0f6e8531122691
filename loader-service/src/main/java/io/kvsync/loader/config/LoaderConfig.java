package io.kvsync.loader.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Everything the loader can be told, with its defaults. */
@ConfigMapping(prefix = "kvsync")
public interface LoaderConfig {

  /** Base64 of the 32-byte AES-GCM key that seals destination specs on the bus. */
  String masterKey();

  /** Connection pools, one per destination database. */
  Pools pools();

  /** What one batch may hold. */
  Load load();

  /** Backoff while a destination cannot be reached. */
  Retry retry();

  interface Pools {
    /** Most connections one loader opens to one destination database. */
    @WithDefault("4")
    int maxSize();

    /** A destination's pool is closed after it has been unused this long. */
    @WithDefault("PT5M")
    Duration idleTimeout();
  }

  interface Load {
    /**
     * Largest serialised record loaded; larger ones are reported as failed records (architecture
     * §4.7: 128 MB).
     */
    @WithDefault("134217728")
    long maxRecordBytes();
  }

  interface Retry {
    /** First wait after a transient failure (destination down, connection lost). */
    @WithDefault("PT0.5S")
    Duration initialBackoff();

    /** Longest wait between two attempts: retries never stop, they only slow down to this. */
    @WithDefault("PT30S")
    Duration maxBackoff();
  }
}
