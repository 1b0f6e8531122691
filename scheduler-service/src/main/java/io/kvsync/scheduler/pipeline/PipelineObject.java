package io.kvsync.scheduler.pipeline;

import io.kvsync.common.catalogue.SyncMode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import java.util.UUID;

/** One replicated object of a pipeline: its status and how far it has been loaded. */
@Entity
@Table(
    name = "pipeline_objects",
    uniqueConstraints = @UniqueConstraint(columnNames = {"pipeline_id", "object"}))
public class PipelineObject extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "pipeline_id", nullable = false)
  public UUID pipelineId;

  /** The catalogue table name, e.g. {@code event_v2}. */
  @Column(nullable = false)
  public String object;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public SyncMode mode;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public ObjectStatus status;

  /**
   * The checkpoint: everything before it is extracted and loaded. Null before the first load
   * finished a slice.
   */
  @Column(name = "cursor_position")
  public Instant position;

  /** Whether the first (historical) load has completed. */
  @Column(name = "historical_done", nullable = false)
  public boolean historicalDone;

  @Column(name = "last_run_at")
  public Instant lastRunAt;

  @Column(name = "last_success_at")
  public Instant lastSuccessAt;

  @Column(name = "rows_loaded_total", nullable = false)
  public long rowsLoadedTotal;

  /** How much of the first load is done, 0–100. */
  @Column(name = "historical_progress_pct", nullable = false)
  public double historicalProgressPct;

  /** Set when a user queued the object (restart, Change Position): it runs at the next chance. */
  @Column(name = "requested_at")
  public Instant requestedAt;

  /** When the object was last read in full successfully (drives the weekly membership re-sync). */
  @Column(name = "last_full_sync_at")
  public Instant lastFullSyncAt;

  /** The status an object returns to when it is resumed or included. */
  public ObjectStatus runnableStatus() {
    return historicalDone ? ObjectStatus.ACTIVE : ObjectStatus.QUEUED;
  }

  public boolean isRunnable() {
    return status != ObjectStatus.PAUSED && status != ObjectStatus.SKIPPED;
  }
}
