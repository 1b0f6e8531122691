package io.kvsync.extractor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the extractor, in one place. */
@ConfigMapping(prefix = "kvsync")
public interface ExtractorConfig {

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

  /** How the extractor talks to Klaviyo. */
  Klaviyo klaviyo();

  /**
   * Records whose JSON is larger than this many bytes are not shipped whole: they travel as a stub
   * the loader reports as a failed record (docs/architecture.md §4.7). Klaviyo's rule: events over
   * 128 MB are not loaded. It must stay below the bus limit {@code kvsync.bus.max-message-bytes}.
   */
  @WithDefault("134217728")
  long oversizeRecordBytes();

  /** How long reads run and how they show they are alive. */
  Extraction extraction();

  /** How the extractor stops. */
  Shutdown shutdown();

  /** How publishes the broker refuses or does not confirm are retried. */
  Retry retry();

  /** Bounds and signs of life of one read (one delivery of a command). */
  interface Extraction {

    /**
     * How often a running read publishes a {@code SliceHeartbeat} (one is sent when it starts): the
     * scheduler renews the slice's lease on each, so this must stay well under its read lease.
     */
    @WithDefault("PT30S")
    Duration heartbeatInterval();

    /**
     * How long one read may run before it stops at the next page boundary and reports {@code
     * PARTIAL} with where to resume. A command stays unacked while it is read, and RabbitMQ closes
     * a consumer that holds a delivery longer than its consumer timeout (30 minutes by default), so
     * this stays well under it.
     */
    @WithDefault("PT10M")
    Duration maxReadDuration();

    /**
     * The byte budget of one batch: a batch ends before the record that would take it over (a
     * single larger record travels alone), so messages stay far below the bus limit and a loader
     * holds little at a time.
     */
    @WithDefault("8388608")
    long batchMaxBytes();
  }

  /** Graceful shutdown. */
  interface Shutdown {

    /**
     * How long, after SIGTERM, running reads have to stop at their next page boundary, report and
     * ack their commands; reads still running then are abandoned (their commands return to the
     * queue). Kubernetes kills the pod {@code terminationGracePeriodSeconds} (30 s) after SIGTERM.
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

  /** The bounded retry of publishes. */
  interface Retry {

    /** The first wait after a publish the broker refused or did not confirm. */
    @WithDefault("PT0.2S")
    Duration initialBackoff();

    /** The longest wait between two attempts of one publish. */
    @WithDefault("PT10S")
    Duration maxBackoff();

    /**
     * How long one publish is retried; then the read fails and its command is dead-lettered (the
     * scheduler's lease issues the slice again).
     */
    @WithDefault("PT1M")
    Duration giveUpAfter();
  }

  /** Klaviyo API settings. */
  interface Klaviyo {

    /** Where the Klaviyo API is (the emulator in tests and the demo). */
    @WithDefault("https://a.klaviyo.com")
    String baseUrl();

    /** The API revision every request pins. */
    @WithDefault("2026-07-15")
    String revision();

    /** How long one request may take before it counts as a transient failure. */
    @WithDefault("30s")
    Duration requestTimeout();

    /** How often one request is retried after 5xx answers or I/O errors before the slice defers. */
    @WithDefault("8")
    int maxTransientRetries();

    /** The first backoff after a transient failure; it doubles up to the cap, with full jitter. */
    @WithDefault("200ms")
    Duration backoffBase();

    /** The longest backoff after a transient failure or a 429 without Retry-After. */
    @WithDefault("30s")
    Duration backoffCap();

    /**
     * How far below a window's start an endpoint that only allows {@code greater-than} is read, so
     * records sharing the boundary timestamp are never lost.
     */
    @WithDefault("5s")
    Duration overlap();

    /**
     * Fraction of each documented limit (steady and burst) the token buckets aim at; the rest
     * absorbs clock skew between us and Klaviyo's windows, and requests that arrive bunched.
     */
    @WithDefault("0.97")
    double steadyHeadroom();
  }

  /** Settings that exist for tests only; never set them in a deployment. */
  Testing testing();

  /** Settings that exist for tests only; never set them in a deployment. */
  interface Testing {

    /**
     * Shifts the clock the extractor dates what it reads with ({@code extractedAt}, which becomes
     * {@code __ingested_at}), to show that clock skew between machines changes nothing ({@code
     * KVSYNC_TESTING_CLOCK_OFFSET}, an ISO-8601 duration such as {@code PT10M}).
     */
    @WithDefault("PT0S")
    Duration clockOffset();
  }
}
