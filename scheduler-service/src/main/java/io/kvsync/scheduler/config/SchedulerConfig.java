package io.kvsync.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything the scheduler reads from configuration, with its defaults. */
@ConfigMapping(prefix = "kvsync")
public interface SchedulerConfig {

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

  /**
   * The first Team Administrator bearer token ({@code PIPELINE_ADMIN_TOKEN}); empty disables it, so
   * only stored tokens are accepted.
   */
  Optional<String> adminToken();

  /** Where Klaviyo is, for testing keys before a pipeline is created. */
  Klaviyo klaviyo();

  /** Which destinations may be reached. */
  Destination destination();

  /** Which destinations may be reached. */
  interface Destination {

    /**
     * Comma-separated networks (CIDR) in which private and loopback destination addresses are
     * allowed ({@code KVSYNC_DESTINATION_ALLOWED_NETWORKS}); none by default. Link-local and
     * metadata addresses are refused whatever this says.
     */
    Optional<String> allowedNetworks();
  }

  /** Where Klaviyo is, for testing keys before a pipeline is created. */
  interface Klaviyo {

    /** Klaviyo's API root ({@code KLAVIYO_BASE_URL}); another compatible server in tests. */
    @WithDefault("https://a.klaviyo.com")
    String baseUrl();

    /** The API revision sent on every request. */
    @WithDefault("2026-07-15")
    String revision();

    /** How long one call to Klaviyo may take. */
    @WithDefault("PT15S")
    Duration timeout();
  }

  /** When pipelines run. */
  Schedule schedule();

  /** When pipelines run. */
  interface Schedule {

    /** Whether this replica runs the scheduling tick (tests drive the tick themselves). */
    @WithDefault("true")
    boolean enabled();

    /** How often the tick looks for due runs, lost slices and owed sweeps. */
    @WithDefault("5s")
    String tickInterval();

    /**
     * How often is a full re-read of the membership tables due, so that profiles that left a list
     * or segment are marked deleted.
     */
    @WithDefault("P7D")
    Duration membershipResync();

    /** The tables re-read in full on that cadence. */
    @WithDefault("profile_list_v2,profile_segment_v2")
    java.util.List<String> membershipObjects();
  }

  /** What the scheduler exports beyond its own series. */
  Metrics metrics();

  /** What the scheduler exports beyond its own series. */
  interface Metrics {

    /** The queues whose depth and consumers are exported (passive declares, never created). */
    @WithDefault(
        "extractor.commands,extractor.commands.dlq,loader.batches,loader.batches.dlq,"
            + "loader.sweeps,loader.sweeps.dlq,scheduler.progress,scheduler.progress.dlq")
    java.util.List<String> queues();

    /** How often queue depths are read. */
    @WithDefault("15s")
    String queuePollInterval();
  }

  /** How slices are handed to extractors. */
  Dispatch dispatch();

  /** How slices are handed to extractors. */
  interface Dispatch {

    /**
     * How long an extractor may wait on Klaviyo's rate limits within one slice before it reports
     * the slice {@code DEFERRED}.
     */
    @WithDefault("PT15M")
    Duration sliceTimeBudget();

    /**
     * How long an issued slice may wait for an extractor to start it (its command queued behind
     * others) before it is presumed lost and issued again.
     */
    @WithDefault("PT30M")
    Duration lease();

    /**
     * How long a slice being read may go without a heartbeat or a loaded batch before its extractor
     * is presumed gone and the slice is issued again; several extractor heartbeat intervals.
     */
    @WithDefault("PT3M")
    Duration readLease();

    /**
     * How long a read slice may wait on its batches while its job loads nothing at all before the
     * missing batches are presumed lost (dead-lettered) and the slice is issued again.
     */
    @WithDefault("PT30M")
    Duration loadLease();

    /**
     * How many runs of one slice are tried before its object fails: bounds re-issues after lost
     * leases.
     */
    @WithDefault("5")
    int maxAttempts();

    /** How many slices of one job may be with the extractors at once. */
    @WithDefault("8")
    int maxSlicesInFlightPerJob();

    /**
     * How often the shares of every Klaviyo key with reads in flight are broadcast again, so that
     * shares grow back when reads end and a new extractor learns them (docs/adr/0009).
     */
    @WithDefault("PT5S")
    Duration rateShareRefresh();
  }

  /** What ends the process. */
  Shutdown shutdown();

  /** What ends the process. */
  interface Shutdown {

    /**
     * On SIGTERM, how long the reports being applied get to commit and be acknowledged (after
     * requests in progress got {@code quarkus.shutdown.timeout}); the rest return to the queue.
     */
    @WithDefault("PT15S")
    Duration drainTimeout();

    /**
     * How long the consumers may stay without the broker before the service exits (code 75) for its
     * platform to start a fresh process; consumers never reconnect in process.
     */
    @WithDefault("PT5S")
    Duration brokerLostAfter();
  }

  /** How long the control database keeps the history of runs. */
  Retention retention();

  /**
   * How long the control database keeps the history of runs: finished jobs with their slices,
   * loaded-batch bookkeeping and sweeps, activity entries and replayed failed records older than
   * the period are pruned; open failed records stay until replayed or dismissed.
   */
  interface Retention {

    /** How old history is pruned; at least a day ({@code KVSYNC_RETENTION_PERIOD}). */
    @WithDefault("P90D")
    Duration period();

    /** How often the pruning runs. */
    @WithDefault("1h")
    String interval();

    /** Rows (jobs, for the jobs' own chunks) deleted per transaction: locks stay short. */
    @WithDefault("500")
    int chunkSize();

    /** Chunks per run and table at most; a larger backlog is pruned by the next runs. */
    @WithDefault("200")
    int maxChunksPerRun();
  }

  /** How reports that hit a database hiccup are retried before they are dead-lettered. */
  Retry retry();

  /** How reports that hit a database hiccup are retried before they are dead-lettered. */
  interface Retry {

    /** First wait after a transient failure. */
    @WithDefault("PT0.1S")
    Duration initialBackoff();

    /** Longest wait between two attempts. */
    @WithDefault("PT10S")
    Duration maxBackoff();

    /**
     * How long one report or publish is retried; then the report is dead-lettered (its slice's
     * lease then re-issues it) or the publish is left to the tick.
     */
    @WithDefault("PT2M")
    Duration giveUpAfter();
  }

  /** How first loads and incremental runs are cut into slices. */
  Slicing slicing();

  /** How first loads and incremental runs are cut into slices. */
  interface Slicing {

    /**
     * Objects made of dated occurrences (events): their first load reaches back only the pipeline's
     * historical sync duration and is cut into windows. Other incremental objects load whole.
     */
    @WithDefault("event_v2")
    java.util.List<String> timeBoundObjects();

    /** The width of one historical window of a time-bound object. */
    @WithDefault("P7D")
    Duration historicalWindow();

    /**
     * How far before the saved cursor an incremental run of a time-bound object re-reads, because
     * Klaviyo's Events API is eventually consistent; the upsert absorbs the duplicates.
     */
    @WithDefault("PT10M")
    Duration incrementalLookback();
  }

  /** How failed records are replayed and kept by deletion sweeps. */
  FailedRecords failedRecords();

  /** How failed records are replayed and kept by deletion sweeps. */
  interface FailedRecords {

    /** Most failed records one replay takes (another replay takes the rest). */
    @WithDefault("10000")
    int maxRecordsPerReplay();

    /** Most records in one replayed batch. */
    @WithDefault("500")
    int replayBatchRecords();

    /** Most payload bytes in one replayed batch (stored payloads are capped at 4 KiB each). */
    @WithDefault("1048576")
    int replayBatchBytes();

    /**
     * Most failed records of one object in one full run whose rows its deletion sweep keeps; a run
     * with more failed records does not sweep that object (the next run does).
     */
    @WithDefault("10000")
    int maxKeptBySweep();
  }
}
