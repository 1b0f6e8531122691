package io.kvsync.scheduler.pipeline;

import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.destination.Destination;
import io.kvsync.scheduler.job.Job;
import io.kvsync.scheduler.job.JobStatus;
import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.security.CurrentCaller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * One owner per table (docs/adr/0008): no two pipelines write the same tables, and a pipeline that
 * moves its tables elsewhere loads its whole history there. The unique index {@code
 * pipelines_tables_key} makes the rule race-proof; its violation gets the same answer as the check.
 */
@ApplicationScoped
public class TableOwnership {

  static final String OWNER_INDEX = "pipelines_tables_key";

  @Inject Pool pool;
  @Inject Clock clock;
  @Inject ActivityLog activity;
  @Inject CurrentCaller caller;

  /** 409 naming the pipeline (other than {@code movers}) that owns the tables at {@code place}. */
  public Uni<Void> ensureFree(Destination place, Collection<UUID> movers) {
    return Pipeline.<Pipeline>find("tablesKey", place.tablesKey())
        .list()
        .invoke(
            owners ->
                owners.stream()
                    .filter(owner -> !movers.contains(owner.id))
                    .findFirst()
                    .ifPresent(owner -> throwTaken(owner.id, owner.name, place)))
        .replaceWithVoid();
  }

  /**
   * Flushes the session's writes; a clash on the unique index (another request took the place
   * meanwhile) becomes the same 409 as {@link #ensureFree}, naming the owner that won.
   */
  public Uni<Void> flushClaiming(Destination place) {
    return Panache.flush()
        .onFailure(TableOwnership::isOwnerClash)
        .recoverWithUni(
            clash -> ownerOf(place).invoke(owner -> throwTaken(owner, place)).replaceWithVoid());
  }

  /**
   * The refusals of a move of tables: without {@code "reset_positions": true} (the new tables would
   * lack the history), and while a run of a moving pipeline is active (its settlement would undo
   * the reset).
   */
  public static Uni<Void> ensureMovable(List<Pipeline> movers, boolean resetPositions) {
    if (!resetPositions) {
      throw ApiProblem.conflict(
          "reset_positions",
          "This change moves the tables of "
              + names(movers)
              + " elsewhere; the new tables would hold only what changes from now on, not the"
              + " history. Send \"reset_positions\": true to reset every object's position and"
              + " load its whole history there");
    }
    List<UUID> ids = movers.stream().map(p -> p.id).toList();
    return Job.<Job>find("pipelineId in ?1 and status in ?2", ids, JobStatus.activeStatuses())
        .firstResult()
        .invoke(
            run -> {
              if (run != null) {
                throw ApiProblem.conflict(
                    null,
                    "Run "
                        + run.id
                        + " is active; to move the tables now, cancel it (POST /api/v1/jobs/"
                        + run.id
                        + "/cancel) or wait until it ends");
              }
            })
        .replaceWithVoid();
  }

  /**
   * Points the pipeline at {@code place} and queues a fresh historical load of every object there:
   * positions reset, the objects requested at once.
   */
  public Uni<Void> move(Pipeline pipeline, Destination place) {
    Instant now = clock.instant();
    pipeline.tablesKey = place.tablesKey();
    pipeline.updatedAt = now;
    return PipelineObject.<PipelineObject>list("pipelineId", pipeline.id)
        .invoke(
            objects ->
                objects.forEach(
                    o -> {
                      o.position = null;
                      o.historicalDone = false;
                      o.historicalProgressPct = 0;
                      if (o.isRunnable()) {
                        o.status = ObjectStatus.QUEUED;
                      }
                      o.requestedAt = now;
                    }))
        .call(
            objects ->
                activity.info(
                    caller.name(),
                    "pipeline.tables_moved",
                    pipeline.id,
                    pipeline.name
                        + " now writes into "
                        + place.tablesPlace()
                        + "; positions of "
                        + objects.size()
                        + " objects reset for a fresh historical load"))
        .replaceWithVoid();
  }

  private Uni<Row> ownerOf(Destination place) {
    return pool.preparedQuery("SELECT id, name FROM pipelines WHERE tables_key = $1")
        .execute(Tuple.of(place.tablesKey()))
        .map(
            rows -> {
              Iterator<Row> found = rows.iterator();
              return found.hasNext() ? found.next() : null;
            });
  }

  private static void throwTaken(Row owner, Destination place) {
    if (owner == null) {
      throw ApiProblem.conflict(
          "destination_id",
          "Another pipeline claimed " + place.tablesPlace() + " at the same time; try again");
    }
    throwTaken(owner.getUUID("id"), owner.getString("name"), place);
  }

  private static void throwTaken(UUID ownerId, String ownerName, Destination place) {
    throw ApiProblem.conflict(
        "destination_id",
        "Pipeline '"
            + ownerName
            + "' ("
            + ownerId
            + ") already writes into "
            + place.tablesPlace()
            + "; one pipeline owns its tables: choose another schema or table prefix");
  }

  private static boolean isOwnerClash(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(OWNER_INDEX)) {
        return true;
      }
    }
    return false;
  }

  private static String names(List<Pipeline> pipelines) {
    return pipelines.size() == 1
        ? "pipeline '" + pipelines.get(0).name + "'"
        : "pipelines " + pipelines.stream().map(p -> "'" + p.name + "'").toList();
  }
}
