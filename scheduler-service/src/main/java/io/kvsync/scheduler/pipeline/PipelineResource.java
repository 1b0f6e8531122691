package io.kvsync.scheduler.pipeline;

import io.kvsync.scheduler.failure.FailedRecordService;
import io.kvsync.scheduler.job.JobLauncher;
import io.kvsync.scheduler.job.JobQueries;
import io.kvsync.scheduler.job.JobStatus;
import io.kvsync.scheduler.job.JobTrigger;
import io.kvsync.scheduler.job.JobView;
import io.kvsync.scheduler.klaviyo.KlaviyoKeyCheck;
import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.rest.Rules;
import io.kvsync.scheduler.security.Action;
import io.kvsync.scheduler.security.Permits;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Path("/api/v1/pipelines")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PipelineResource {

  /** The answer to run-now: the job that runs, and whether this call started it. */
  public record RunNowAnswer(UUID jobId, JobStatus status, boolean created) {}

  /** The body of {@code POST /pipelines/test-connection}. */
  @Schema(additionalProperties = Schema.False.class)
  public record ConnectionRequest(
      @Schema(maxLength = Rules.MAX_API_KEY_LENGTH, writeOnly = true) String privateApiKey) {
    @Override
    public String toString() {
      return "ConnectionRequest[****]";
    }
  }

  /** A successful key check. */
  public record ConnectionAnswer(boolean ok, KlaviyoKeyCheck.Account account) {}

  /** An object's position, as {@code GET}/{@code PUT .../position} show and take it. */
  @Schema(additionalProperties = Schema.False.class)
  public record PositionBody(
      String object,
      @Schema(
              format = "date-time",
              description = "With an offset; not in the future, not before 2012-01-01T00:00:00Z")
          String position) {}

  /** The body of {@code POST .../failed-records/replay}; {@code object} optional. */
  @Schema(additionalProperties = Schema.False.class)
  public record ReplayRequest(String object) {}

  @Inject PipelineService pipelines;
  @Inject ObjectService objects;
  @Inject JobLauncher launcher;
  @Inject JobQueries jobs;
  @Inject KlaviyoKeyCheck keyCheck;
  @Inject FailedRecordService failedRecords;

  @POST
  @Path("/test-connection")
  @Permits(Action.CREATE_DELETE)
  public Uni<ConnectionAnswer> testConnection(ConnectionRequest request) {
    String key = Rules.apiKey("private_api_key", request == null ? null : request.privateApiKey());
    return keyCheck.check(key).map(account -> new ConnectionAnswer(true, account));
  }

  /** Creates a pipeline once its key passed the connection test; its first run follows at once. */
  @POST
  @Permits(Action.CREATE_DELETE)
  public Uni<Response> create(PipelineRequest request) {
    PipelineService.ValidPipeline valid = pipelines.validate(request);
    return keyCheck
        .check(valid.privateApiKey())
        .flatMap(account -> pipelines.create(valid))
        .map(
            detail ->
                Response.created(URI.create("/api/v1/pipelines/" + detail.pipeline().id))
                    .entity(detail.view())
                    .build());
  }

  @GET
  @Permits(Action.READ)
  public Uni<List<PipelineView>> list() {
    return pipelines.list().map(all -> all.stream().map(PipelineService.Detail::view).toList());
  }

  @GET
  @Path("/{id}")
  @Permits(Action.READ)
  public Uni<PipelineView> get(@PathParam("id") UUID id) {
    return pipelines.find(id).map(PipelineService.Detail::view);
  }

  @PATCH
  @Path("/{id}")
  @Permits(Action.OPERATE)
  public Uni<PipelineView> update(@PathParam("id") UUID id, PipelineUpdate update) {
    String newKey =
        update == null || update.source() == null || update.source().privateApiKey() == null
            ? null
            : Rules.apiKey("source.private_api_key", update.source().privateApiKey());
    Uni<Void> checked =
        newKey == null ? Uni.createFrom().voidItem() : keyCheck.check(newKey).replaceWithVoid();
    return checked
        .flatMap(ignored -> pipelines.update(id, update, newKey))
        .call(
            updated ->
                updated.tablesMoved() ? launcher.launchRequested(id) : Uni.createFrom().voidItem())
        .map(updated -> updated.detail().view());
  }

  @DELETE
  @Path("/{id}")
  @Permits(Action.CREATE_DELETE)
  public Uni<Response> delete(@PathParam("id") UUID id) {
    return pipelines.delete(id).replaceWith(Response.noContent().build());
  }

  @POST
  @Path("/{id}/pause")
  @Permits(Action.OPERATE)
  public Uni<PipelineView> pause(@PathParam("id") UUID id) {
    return pipelines.setStatus(id, Pipeline.Status.PAUSED).map(PipelineService.Detail::view);
  }

  @POST
  @Path("/{id}/resume")
  @Permits(Action.OPERATE)
  public Uni<PipelineView> resume(@PathParam("id") UUID id) {
    return pipelines.setStatus(id, Pipeline.Status.ACTIVE).map(PipelineService.Detail::view);
  }

  /** Runs now; while a run is active, answers with that run and changes nothing. */
  @POST
  @Path("/{id}/run-now")
  @Permits(Action.OPERATE)
  public Uni<Response> runNow(@PathParam("id") UUID id) {
    return launcher
        .launch(id, JobTrigger.RUN_NOW)
        .map(
            launch ->
                Response.accepted(
                        new RunNowAnswer(launch.job().id, launch.job().status, launch.created()))
                    .build());
  }

  @GET
  @Path("/{id}/jobs")
  @Permits(Action.READ)
  public Uni<List<JobView>> jobs(
      @PathParam("id") UUID id, @QueryParam("limit") @DefaultValue("50") int limit) {
    return jobs.ofPipeline(id, limit);
  }

  @GET
  @Path("/{id}/objects")
  @Permits(Action.READ)
  public Uni<List<ObjectView>> objects(@PathParam("id") UUID id) {
    return objects.list(id);
  }

  @POST
  @Path("/{id}/objects/{object}/{action}")
  @Permits(Action.OPERATE)
  public Uni<ObjectView> objectAction(
      @PathParam("id") UUID id,
      @PathParam("object") String object,
      @PathParam("action") String action) {
    ObjectService.ObjectAction parsed;
    try {
      parsed = ObjectService.ObjectAction.valueOf(action.toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new ApiProblem(
          404,
          "Not found",
          "No object action '" + action + "'; use pause, resume, skip, include or restart",
          null);
    }
    return objects
        .apply(id, object, parsed)
        .call(
            view ->
                parsed == ObjectService.ObjectAction.RESTART
                    ? launcher.launchRequested(id)
                    : Uni.createFrom().voidItem());
  }

  @GET
  @Path("/{id}/objects/{object}/position")
  @Permits(Action.READ)
  public Uni<PositionBody> position(@PathParam("id") UUID id, @PathParam("object") String object) {
    return objects
        .find(id, object)
        .map(o -> new PositionBody(o.object, o.position == null ? null : o.position.toString()));
  }

  /** Change Position: queues the object at once. */
  @PUT
  @Path("/{id}/objects/{object}/position")
  @Permits(Action.OPERATE)
  public Uni<ObjectView> changePosition(
      @PathParam("id") UUID id, @PathParam("object") String object, PositionBody body) {
    return objects
        .changePosition(id, object, body == null ? null : body.position())
        .call(view -> launcher.launchRequested(id));
  }

  @GET
  @Path("/{id}/failed-records")
  @Permits(Action.READ)
  public Uni<List<FailedRecordService.FailedRecordView>> failedRecords(
      @PathParam("id") UUID id,
      @QueryParam("object") String object,
      @QueryParam("state") String state,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return failedRecords.list(id, object, state, limit);
  }

  /** Dismisses one failed record: deleted with its payload, never replayed. */
  @DELETE
  @Path("/{id}/failed-records/{recordId}")
  @Permits(Action.OPERATE)
  public Uni<Response> dismissFailedRecord(
      @PathParam("id") UUID id, @PathParam("recordId") UUID recordId) {
    return failedRecords.dismiss(id, recordId).replaceWith(Response.noContent().build());
  }

  @POST
  @Path("/{id}/failed-records/replay")
  @Permits(Action.OPERATE)
  public Uni<Response> replay(@PathParam("id") UUID id, ReplayRequest request) {
    return failedRecords
        .replay(id, request == null ? null : request.object())
        .map(answer -> Response.accepted(answer).build());
  }
}
