package io.kvsync.scheduler.activity;

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

/** Who did what, when: one line of the activity log. */
@Entity
@Table(name = "activity_log", indexes = @Index(columnList = "at"))
public class ActivityEntry extends PanacheEntityBase {

  /** How much an entry matters. */
  public enum Severity {
    INFO,
    WARNING,
    ERROR
  }

  @Id public UUID id;

  @Column(nullable = false)
  public Instant at;

  /** The token name of the caller, or {@code scheduler} for what the service did itself. */
  @Column(nullable = false)
  public String actor;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Severity severity;

  /** A short verb phrase such as {@code pipeline.created} or {@code job.finished}. */
  @Column(nullable = false)
  public String action;

  @Column(name = "pipeline_id")
  public UUID pipelineId;

  @Column(columnDefinition = "text")
  public String detail;
}
