package io.kvsync.scheduler.job;

import io.kvsync.common.contract.SyncKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** One object within one job, with its counts. */
@Entity
@Table(name = "job_objects")
public class JobObject extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "job_id", nullable = false)
  public UUID jobId;

  @Column(nullable = false)
  public String object;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public SyncKind kind;

  /** The table whose slices also carry this object's records; null when it has slices itself. */
  @Column(name = "derived_from")
  public String derivedFrom;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public JobObjectStatus status;

  @Column(name = "slices_total", nullable = false)
  public int slicesTotal;

  @Column(name = "slices_done", nullable = false)
  public int slicesDone;

  @Column(name = "records_extracted", nullable = false)
  public long recordsExtracted;

  @Column(name = "rows_loaded", nullable = false)
  public long rowsLoaded;

  @Column(name = "records_failed", nullable = false)
  public long recordsFailed;

  /** Rows the deletion sweep after this full read marked deleted. */
  @Column(name = "rows_marked_deleted", nullable = false)
  public long rowsMarkedDeleted;

  @Column(columnDefinition = "text")
  public String error;
}
