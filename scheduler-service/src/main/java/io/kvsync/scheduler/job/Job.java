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

/** One run of a pipeline. Its row is the lock that serialises all progress of the run. */
@Entity
@Table(name = "jobs")
public class Job extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "pipeline_id", nullable = false)
  public UUID pipelineId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public JobTrigger trigger;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public JobStatus status;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  /** When the run started: no cursor of the run moves past it. */
  @Column(name = "started_at", nullable = false)
  public Instant startedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  /** When a report of the run was last applied: slices waiting on loads live while it moves. */
  @Column(name = "last_progress_at")
  public Instant lastProgressAt;

  /** The pipeline's active run when it reads {@code object}; null otherwise. */
  public static io.smallrye.mutiny.Uni<Job> activeRunReading(UUID pipelineId, String object) {
    return Job.<Job>find(
            "select j from Job j, JobObject o where o.jobId = j.id and j.pipelineId = ?1"
                + " and j.status in ?2 and o.object = ?3",
            pipelineId,
            JobStatus.activeStatuses(),
            object)
        .firstResult();
  }

  /** The first failure of the run, for a quick look. */
  @Column(columnDefinition = "text")
  public String error;
}
