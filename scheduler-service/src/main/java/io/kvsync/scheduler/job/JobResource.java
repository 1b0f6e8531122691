package io.kvsync.scheduler.job;

import io.kvsync.scheduler.security.Action;
import io.kvsync.scheduler.security.CurrentCaller;
import io.kvsync.scheduler.security.Permits;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

  @Inject JobQueries jobs;
  @Inject JobCancellation cancellation;
  @Inject CurrentCaller caller;

  @GET
  @Path("/{jobId}")
  @Permits(Action.READ)
  public Uni<JobView> get(@PathParam("jobId") UUID jobId) {
    return jobs.find(jobId);
  }

  /**
   * Ends an active run within seconds: its unfinished objects end CANCELLED, cursors keep only what
   * was loaded, and the next run starts clean. 409 when the run already ended.
   */
  @POST
  @Path("/{jobId}/cancel")
  @Permits(Action.OPERATE)
  public Uni<JobView> cancel(@PathParam("jobId") UUID jobId) {
    return cancellation.cancel(jobId, caller.name()).chain(job -> jobs.find(job.id));
  }
}
