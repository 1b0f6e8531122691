package io.kvsync.scheduler.job;

import io.kvsync.common.contract.SyncKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One bounded piece of a job object, read by one command; its id is the command id. */
@Entity
@Table(name = "slices")
public class Slice extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "job_id", nullable = false)
  public UUID jobId;

  @Column(name = "job_object_id", nullable = false)
  public UUID jobObjectId;

  @Column(nullable = false)
  public String object;

  /** Position within its job object, oldest window first: the cursor moves in this order. */
  @Column(nullable = false)
  public int ordinal;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public SyncKind kind;

  @Column(name = "window_field")
  public String windowField;

  @Column(name = "window_from")
  public Instant windowFrom;

  @Column(name = "window_to")
  public Instant windowTo;

  /** Increases each time the slice is re-issued; reports of older attempts are stale. */
  @Column(nullable = false)
  public int attempt;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public SliceState state;

  /** How many batches the extractor published for the current attempt; null until it reports. */
  @Column(name = "batches_expected")
  public Integer batchesExpected;

  @Column(name = "batches_loaded", nullable = false)
  public int batchesLoaded;

  @Column(nullable = false)
  public long records;

  @Column(name = "cursor_end")
  public Instant cursorEnd;

  @Column(name = "issued_at")
  public Instant issuedAt;

  /** When an issued slice that has shown no progress is presumed lost and re-issued. */
  @Column(name = "lease_expires_at")
  public Instant leaseExpiresAt;

  @Column(columnDefinition = "text")
  public String error;
}
