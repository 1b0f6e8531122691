package io.kvsync.scheduler.job;

import io.kvsync.scheduler.security.Action;
import io.kvsync.scheduler.security.Permits;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

  @Inject JobQueries jobs;

  @GET
  @Path("/{jobId}")
  @Permits(Action.READ)
  public Uni<JobView> get(@PathParam("jobId") UUID jobId) {
    return jobs.find(jobId);
  }
}
