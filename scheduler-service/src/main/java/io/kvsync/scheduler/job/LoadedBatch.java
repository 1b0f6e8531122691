package io.kvsync.scheduler.job;

import io.kvsync.common.contract.BatchLoaded;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A batch the loader reported as committed; redelivered reports find it and count nothing. */
@Entity
@Table(name = "loaded_batches")
public class LoadedBatch extends PanacheEntityBase {

  @Id
  @Column(name = "batch_id")
  public UUID batchId;

  @Column(name = "slice_id", nullable = false)
  public UUID sliceId;

  @Column(nullable = false)
  public int attempt;

  @Column(name = "read_id")
  public UUID readId;

  @Column(nullable = false)
  public int seq;

  @Column(nullable = false)
  public String object;

  @Column(name = "rows_upserted", nullable = false)
  public long rowsUpserted;

  @Column(name = "loaded_at")
  public Instant loadedAt;

  static LoadedBatch of(Slice slice, BatchLoaded report) {
    LoadedBatch batch = new LoadedBatch();
    batch.batchId = report.batchId();
    batch.sliceId = slice.id;
    batch.attempt = report.attempt();
    batch.readId = report.readId();
    batch.seq = report.seq();
    batch.object = report.object();
    batch.rowsUpserted = report.rowsUpserted();
    batch.loadedAt = report.loadedAt();
    return batch;
  }
}
