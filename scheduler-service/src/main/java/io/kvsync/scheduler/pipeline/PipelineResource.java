package io.kvsync.scheduler.pipeline;

import io.kvsync.scheduler.job.JobLauncher;
import io.kvsync.scheduler.job.JobStatus;
import io.kvsync.scheduler.job.JobTrigger;
import io.kvsync.scheduler.security.Action;
import io.kvsync.scheduler.security.Permits;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

@Path("/api/v1/pipelines")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PipelineResource {

  /** The answer to run-now: the job that runs. */
  public record RunNowAnswer(UUID jobId, JobStatus status, boolean created) {}

  @Inject PipelineService pipelines;
  @Inject JobLauncher launcher;

  @POST
  @Permits(Action.CREATE_DELETE)
  public Uni<Response> create(PipelineRequest request) {
    PipelineService.ValidPipeline valid = pipelines.validate(request);
    return pipelines
        .create(valid)
        .map(
            detail ->
                Response.created(URI.create("/api/v1/pipelines/" + detail.pipeline().id))
                    .entity(detail.view())
                    .build());
  }

  @GET
  @Path("/{id}")
  @Permits(Action.READ)
  public Uni<PipelineView> get(@PathParam("id") UUID id) {
    return pipelines.find(id).map(PipelineService.Detail::view);
  }

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
}
