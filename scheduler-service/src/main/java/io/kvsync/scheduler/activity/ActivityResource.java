package io.kvsync.scheduler.activity;

import io.kvsync.scheduler.security.Action;
import io.kvsync.scheduler.security.Permits;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/activity-log")
@Produces(MediaType.APPLICATION_JSON)
public class ActivityResource {

  /** One entry as the API shows it. */
  public record EntryView(
      UUID id,
      Instant at,
      String actor,
      ActivityEntry.Severity severity,
      String action,
      UUID pipelineId,
      String detail) {}

  /** Newest first; optionally one pipeline's entries only. */
  @GET
  @Permits(Action.READ)
  @WithSession
  public Uni<List<EntryView>> list(
      @QueryParam("pipeline_id") UUID pipelineId,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    int size = Math.max(1, Math.min(limit, 1000));
    var query =
        pipelineId == null
            ? ActivityEntry.<ActivityEntry>findAll(Sort.descending("at"))
            : ActivityEntry.<ActivityEntry>find("pipelineId", Sort.descending("at"), pipelineId);
    return query
        .page(Page.ofSize(size))
        .list()
        .map(
            entries ->
                entries.stream()
                    .map(
                        e ->
                            new EntryView(
                                e.id, e.at, e.actor, e.severity, e.action, e.pipelineId, e.detail))
                    .toList());
  }
}
