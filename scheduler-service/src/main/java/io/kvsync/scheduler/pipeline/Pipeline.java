package io.kvsync.scheduler.pipeline;

import io.kvsync.common.secret.SealedPlace;
import io.kvsync.common.secret.SecretCipher;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A Klaviyo account replicated into a destination on a schedule. The API key is sealed. */
@Entity
@Table(name = "pipelines")
public class Pipeline extends PanacheEntityBase {

  /** Whether the pipeline runs on schedule. */
  public enum Status {
    ACTIVE,
    PAUSED
  }

  @Id public UUID id;

  @Column(nullable = false, unique = true, length = 255)
  public String name;

  @Column(name = "destination_id", nullable = false)
  public UUID destinationId;

  @Column(name = "source_type", nullable = false)
  public String sourceType;

  @Column(name = "api_key_sealed", nullable = false, columnDefinition = "text")
  public String apiKeySealed;

  /** The clear Klaviyo key, only ever passed on sealed or fingerprinted. */
  public String apiKey(SecretCipher cipher) {
    return cipher.decrypt(apiKeySealed, SealedPlace.pipelineApiKey(id));
  }

  /**
   * The key's fingerprint ({@code SecretCipher.fingerprint}): groups pipelines of one Klaviyo key
   * for rate budgets without the key; null until the pipeline's first dispatch computes it.
   */
  @Column(name = "api_key_fingerprint")
  public String apiKeyFingerprint;

  /** The key as the API may show it ({@code pk_****abcd}); derived once, at creation. */
  @Column(name = "api_key_masked", nullable = false)
  public String apiKeyMasked;

  /** An ISO-8601 period such as {@code P3M}, or {@code ALL}. */
  @Column(name = "historical_sync_duration", nullable = false)
  public String historicalSyncDuration;

  /** An ISO-8601 duration: {@code PT30M} or {@code PT1H} … {@code PT24H}. */
  @Column(nullable = false)
  public String frequency;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Status status;

  /**
   * {@link io.kvsync.scheduler.destination.Destination#tablesKey()} of its destination: unique, so
   * no two pipelines write the same tables.
   */
  @Column(name = "tables_key")
  public String tablesKey;

  @Column(name = "next_run_at")
  public Instant nextRunAt;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
