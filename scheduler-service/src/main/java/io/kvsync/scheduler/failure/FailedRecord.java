package io.kvsync.scheduler.failure;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A record a loader could not load, with the reason and its (capped) payload. */
@Entity
@Table(name = "failed_records", indexes = @Index(columnList = "pipeline_id, state"))
public class FailedRecord extends PanacheEntityBase {

  /** Whether the record still needs attention. */
  public enum State {
    OPEN,
    /** Sent to the loaders again; a new failure shows as a new record. */
    REPLAYED
  }

  @Id public UUID id;

  @Column(name = "pipeline_id", nullable = false)
  public UUID pipelineId;

  @Column(name = "job_id", nullable = false)
  public UUID jobId;

  @Column(name = "batch_id", nullable = false)
  public UUID batchId;

  @Column(nullable = false)
  public String object;

  @Column(name = "record_id")
  public String recordId;

  @Column(columnDefinition = "text", nullable = false)
  public String reason;

  @Column(columnDefinition = "text")
  public String payload;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public State state;

  @Column(name = "failed_at", nullable = false)
  public Instant failedAt;

  /**
   * When its batch was read (the extractor's clock): a replay writes it as {@code __ingested_at},
   * so a row the destination holds in a newer version stays. Null for records stored before it was
   * kept.
   */
  @Column(name = "extracted_at")
  public Instant extractedAt;

  @Column(name = "replayed_at")
  public Instant replayedAt;
}
