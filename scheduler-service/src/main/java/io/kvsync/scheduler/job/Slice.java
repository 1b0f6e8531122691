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

  /**
   * The run of the slice: increases each time the slice is issued again; reports of older runs are
   * ignored.
   */
  @Column(nullable = false)
  public int attempt;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public SliceState state;

  /**
   * The read (one delivery of the command) that completed the current run: only its batches count.
   * Null until a read reports.
   */
  @Column(name = "read_id")
  public UUID readId;

  /** For a chunk that continues another: where its read resumes (JSON, opaque to the scheduler). */
  @Column(columnDefinition = "text")
  public String resume;

  /** The last sign of life of an extractor reading the current run. */
  @Column(name = "heartbeat_at")
  public Instant heartbeatAt;

  /** How many batches the completing read published; null until it reports. */
  @Column(name = "batches_expected")
  public Integer batchesExpected;

  /** How many batches of the completing read are loaded. */
  @Column(name = "batches_loaded", nullable = false)
  public int batchesLoaded;

  @Column(nullable = false)
  public long records;

  @Column(name = "cursor_end")
  public Instant cursorEnd;

  @Column(name = "issued_at")
  public Instant issuedAt;

  /**
   * Until when the slice may show no progress: past it, an issued slice is presumed lost with its
   * extractor, a slice waiting on loads with its batches; either is issued again.
   */
  @Column(name = "lease_expires_at")
  public Instant leaseExpiresAt;

  @Column(columnDefinition = "text")
  public String error;

  /** The first run of a new slice. */
  static Slice planned(JobObject jobObject, int ordinal, SlicePlanner.PlannedSlice planned) {
    Slice slice = new Slice();
    slice.id = UUID.randomUUID();
    slice.jobId = jobObject.jobId;
    slice.jobObjectId = jobObject.id;
    slice.object = jobObject.object;
    slice.ordinal = ordinal;
    slice.kind = planned.kind();
    if (planned.window() != null) {
      slice.windowField = planned.window().field();
      slice.windowFrom = planned.window().from();
      slice.windowTo = planned.window().to();
    }
    slice.attempt = 1;
    slice.state = SliceState.PENDING;
    return slice;
  }

  /** The chunk after {@code chunk}: the same window, read on from {@code resume}. */
  static Slice continuing(Slice chunk, String resume) {
    Slice next = new Slice();
    next.id = UUID.randomUUID();
    next.jobId = chunk.jobId;
    next.jobObjectId = chunk.jobObjectId;
    next.object = chunk.object;
    next.ordinal = chunk.ordinal + 1;
    next.kind = chunk.kind;
    next.windowField = chunk.windowField;
    next.windowFrom = chunk.windowFrom;
    next.windowTo = chunk.windowTo;
    next.attempt = 1;
    next.state = SliceState.PENDING;
    next.resume = resume;
    return next;
  }

  /** Back to pending as the next run, with nothing of the last run kept but where it resumes. */
  void reissue() {
    attempt++;
    state = SliceState.PENDING;
    readId = null;
    heartbeatAt = null;
    batchesExpected = null;
    batchesLoaded = 0;
    records = 0;
    cursorEnd = null;
    leaseExpiresAt = null;
  }
}
