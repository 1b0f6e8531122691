package io.kvsync.scheduler.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A deletion sweep owed after a successful full read: created in the transaction that saw the read
 * and all its batches done, published after it, and retried by the tick until the broker confirmed
 * it. Records of the run that failed to load are kept by the sweep, never a reason to skip it.
 */
@Entity
@Table(name = "deletion_sweeps")
public class DeletionSweepRecord extends PanacheEntityBase {

  /** How far a sweep got. */
  public enum State {
    PENDING,
    PUBLISHED,
    DONE
  }

  @Id public UUID id;

  @Column(name = "job_id", nullable = false)
  public UUID jobId;

  @Column(name = "job_object_id", nullable = false)
  public UUID jobObjectId;

  @Column(name = "pipeline_id", nullable = false)
  public UUID pipelineId;

  @Column(nullable = false)
  public String object;

  /**
   * The start of the run that read everything, by the scheduler's clock: shown, never compared with
   * rows (the sweep goes by the job that saw them, docs/adr/0007).
   */
  @Column(name = "seen_since", nullable = false)
  public Instant seenSince;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public State state;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "rows_marked_deleted", nullable = false)
  public long rowsMarkedDeleted;

  /** The sweep owed once the full read of {@code jobObject} succeeded. */
  static DeletionSweepRecord owedBy(Job job, JobObject jobObject, Instant now) {
    DeletionSweepRecord sweep = new DeletionSweepRecord();
    sweep.id = UUID.randomUUID();
    sweep.jobId = job.id;
    sweep.jobObjectId = jobObject.id;
    sweep.pipelineId = job.pipelineId;
    sweep.object = jobObject.object;
    sweep.seenSince = job.startedAt;
    sweep.state = State.PENDING;
    sweep.createdAt = now;
    return sweep;
  }
}
