package io.kvsync.loader.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything the loader can be told, with its defaults. */
@ConfigMapping(prefix = "kvsync")
public interface LoaderConfig {

  /**
   * The master key ring ({@code KVSYNC_MASTER_KEYS}): {@code id:base64key,...}, newest first; the
   * newest seals, every key opens. The same ring in every service.
   */
  Optional<String> masterKeys();

  /**
   * The single master key of deployments made before key rotation ({@code KVSYNC_MASTER_KEY}),
   * taken as a ring of one key with id {@code default}; never together with {@code master-keys}.
   */
  Optional<String> masterKey();

  /** Connection pools, one per destination database. */
  Pools pools();

  /** Which destinations may be reached. */
  Destination destination();

  /** Which destinations may be reached. */
  interface Destination {

    /**
     * Comma-separated networks (CIDR) in which private and loopback destination addresses are
     * allowed ({@code KVSYNC_DESTINATION_ALLOWED_NETWORKS}); none by default. Link-local and
     * metadata addresses are refused whatever this says.
     */
    java.util.Optional<String> allowedNetworks();
  }

  /** What one batch may hold, and the bounds of its statements. */
  Load load();

  /** How long a failing destination is retried, and how it is watched afterwards. */
  Retry retry();

  /** Stopping without losing or half-acknowledging a batch. */
  Shutdown shutdown();

  interface Pools {
    /** Most connections one loader opens to one destination database. */
    @WithDefault("4")
    int maxSize();

    /** A destination's pool is closed after it has been unused this long. */
    @WithDefault("PT5M")
    Duration idleTimeout();

    /** Longest wait for a destination to accept a TCP connection. */
    @WithDefault("PT5S")
    Duration connectTimeout();
  }

  interface Load {
    /**
     * Largest serialised record loaded; larger ones are reported as failed records
     * (docs/architecture.md §4.7: 128 MB).
     */
    @WithDefault("134217728")
    long maxRecordBytes();

    /** {@code statement_timeout} of every destination connection: no statement runs longer. */
    @WithDefault("PT60S")
    Duration statementTimeout();

    /**
     * {@code lock_timeout} of every destination connection: a table or DDL lock not granted within
     * it is a transient failure, retried within {@code kvsync.retry.give-up-after}.
     */
    @WithDefault("PT10S")
    Duration lockTimeout();

    /**
     * {@code statement_timeout} of a schema change, which may rewrite a large table (a widened
     * column type) and so needs longer than a write.
     */
    @WithDefault("PT30M")
    Duration ddlTimeout();

    /**
     * The delivery limit of the batches queue: its {@code x-delivery-limit} argument, or a {@code
     * delivery-limit} policy that lowers it. A batch on its last delivery is refused and parked
     * instead of being tried once more and then dropped by the broker, unreported.
     */
    @WithDefault("20")
    int deliveryLimit();
  }

  interface Retry {
    /** First wait after a transient failure (destination down, connection lost, lock timeout). */
    @WithDefault("PT0.5S")
    Duration initialBackoff();

    /** Longest wait between two attempts. */
    @WithDefault("PT30S")
    Duration maxBackoff();

    /**
     * How long a batch is retried while its destination fails transiently; then it is refused as
     * temporary and its object resumes on the next run. Also bounds publishing to the broker.
     */
    @WithDefault("PT2M")
    Duration giveUpAfter();

    /**
     * How long a destination that refused the loader for good (authentication, missing database)
     * has its batches refused without a connection; also how often a destination unavailable for
     * longer than {@code give-up-after} gets one attempt to show it is back.
     */
    @WithDefault("PT10S")
    Duration probeInterval();
  }

  interface Shutdown {
    /**
     * On SIGTERM, how long the batches being loaded get to commit and be acknowledged; the
     * unacknowledged ones return to the queue when the broker connection closes.
     */
    @WithDefault("PT20S")
    Duration drainTimeout();

    /**
     * How long the consumers may stay without the broker before the service exits (code 75) for its
     * platform to start a fresh process; consumers never reconnect in process.
     */
    @WithDefault("PT5S")
    Duration brokerLostAfter();
  }
}
