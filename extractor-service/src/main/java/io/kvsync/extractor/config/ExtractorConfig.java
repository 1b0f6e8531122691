package io.kvsync.extractor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every setting of the extractor, in one place. */
@ConfigMapping(prefix = "kvsync")
public interface ExtractorConfig {

  /** Base64 of the 32-byte AES-GCM key shared by all services; it opens the sealed Klaviyo keys. */
  String masterKey();

  /** How the extractor talks to Klaviyo. */
  Klaviyo klaviyo();

  /**
   * Records whose serialized JSON is larger than this many bytes are not shipped whole: they travel
   * as a stub the loader reports as a failed record (architecture §4.7).
   */
  @WithDefault("134217728")
  long oversizeRecordBytes();

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
     * Fraction of each documented steady limit the token buckets aim at; the rest absorbs clock
     * skew between us and Klaviyo's windows.
     */
    @WithDefault("0.97")
    double steadyHeadroom();
  }
}
