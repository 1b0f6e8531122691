package io.kvsync.scheduler.pipeline;

import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.job.Job;
import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.security.CurrentCaller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The per-object actions of a pipeline: pause, resume, skip, include, restart, Change Position. */
@ApplicationScoped
public class ObjectService {

  /** The objects whose position users may change, as the product documentation lists them. */
  public static final Set<String> REPOSITIONABLE =
      Set.of("event_v2", "flow_v2", "profile_v2", "list_v2", "segment_v2");

  /** What a user can do to one object. */
  public enum ObjectAction {
    PAUSE,
    RESUME,
    SKIP,
    INCLUDE,
    RESTART
  }

  @Inject Clock clock;
  @Inject ActivityLog activity;
  @Inject CurrentCaller caller;
  @Inject PipelineService pipelines;

  @WithSession
  public Uni<List<ObjectView>> list(UUID pipelineId) {
    return pipelines.find(pipelineId).map(d -> d.objects().stream().map(ObjectView::of).toList());
  }

  @WithSession
  public Uni<PipelineObject> find(UUID pipelineId, String object) {
    return pipelines
        .find(pipelineId)
        .map(
            detail ->
                detail.objects().stream()
                    .filter(o -> o.object.equals(object))
                    .findFirst()
                    .orElseThrow(
                        () ->
                            new ApiProblem(
                                404,
                                "Not found",
                                "Pipeline " + pipelineId + " does not replicate " + object,
                                "object")));
  }

  /**
   * Applies an action; restart queues the object at once (the caller then tries to launch). A
   * restart of an object the active run is reading is refused: that run would overwrite it.
   */
  @WithTransaction
  public Uni<ObjectView> apply(UUID pipelineId, String object, ObjectAction action) {
    return pipelines
        .lockedPipeline(pipelineId)
        .call(
            ignored ->
                action == ObjectAction.RESTART
                    ? notBeingRead(pipelineId, object, "restart")
                    : Uni.createFrom().voidItem())
        .flatMap(ignored -> find(pipelineId, object))
        .flatMap(
            o -> {
              switch (action) {
                case PAUSE -> o.status = ObjectStatus.PAUSED;
                case RESUME -> {
                  if (o.status == ObjectStatus.PAUSED) {
                    o.status = o.runnableStatus();
                  }
                }
                case SKIP -> o.status = ObjectStatus.SKIPPED;
                case INCLUDE -> {
                  if (o.status == ObjectStatus.SKIPPED) {
                    o.status = o.runnableStatus();
                  }
                }
                case RESTART -> {
                  o.position = null;
                  o.historicalDone = false;
                  o.historicalProgressPct = 0;
                  o.status = ObjectStatus.QUEUED;
                  o.requestedAt = clock.instant();
                }
              }
              return activity
                  .info(
                      caller.name(),
                      "object." + action.name().toLowerCase(),
                      pipelineId,
                      object + " is now " + o.status)
                  .replaceWith(ObjectView.of(o));
            });
  }

  /** Change Position: the object re-reads from {@code position} in its next run, queued at once. */
  @WithTransaction
  public Uni<ObjectView> changePosition(UUID pipelineId, String object, String position) {
    if (!REPOSITIONABLE.contains(object)) {
      throw ApiProblem.invalid(
          "object",
          "Change Position applies only to "
              + REPOSITIONABLE.stream().sorted().toList()
              + "; "
              + object
              + " is not one of them");
    }
    Instant at = instant(position);
    if (at.isAfter(clock.instant())) {
      throw ApiProblem.invalid("position", "position must not be in the future");
    }
    // Klaviyo holds nothing older, and years far outside PostgreSQL's range would fail the write.
    if (at.isBefore(HistoricalSyncDuration.BEGINNING)) {
      throw ApiProblem.invalid(
          "position",
          "position must not be before " + HistoricalSyncDuration.BEGINNING + ", Klaviyo's start");
    }
    return pipelines
        .lockedPipeline(pipelineId)
        .call(ignored -> notBeingRead(pipelineId, object, "change its position"))
        .flatMap(ignored -> find(pipelineId, object))
        .flatMap(
            o -> {
              Instant before = o.position;
              o.position = at;
              o.historicalDone = false;
              o.historicalProgressPct = 0;
              if (o.isRunnable()) {
                o.status = ObjectStatus.QUEUED;
              }
              o.requestedAt = clock.instant();
              return activity
                  .info(
                      caller.name(),
                      "object.position_changed",
                      pipelineId,
                      object + " position " + before + " -> " + at)
                  .replaceWith(ObjectView.of(o));
            });
  }

  /** 409 while the pipeline's active run reads the object: its settlement would undo the change. */
  private static Uni<Void> notBeingRead(UUID pipelineId, String object, String what) {
    return Job.activeRunReading(pipelineId, object)
        .invoke(
            run -> {
              if (run != null) {
                throw ApiProblem.conflict(
                    "object",
                    "Run "
                        + run.id
                        + " is reading "
                        + object
                        + "; to "
                        + what
                        + " now, cancel it (POST /api/v1/jobs/"
                        + run.id
                        + "/cancel) or wait until it ends");
              }
            })
        .replaceWithVoid();
  }

  private static Instant instant(String value) {
    if (value == null || value.isBlank()) {
      throw ApiProblem.invalid("position", "position is required");
    }
    try {
      return java.time.OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalid(
          "position",
          "position must be an ISO-8601 date-time with an offset, e.g. 2024-01-01T00:00:00Z; got "
              + value);
    }
  }
}
