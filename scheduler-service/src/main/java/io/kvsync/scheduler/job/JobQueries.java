package io.kvsync.scheduler.job;

import io.kvsync.scheduler.rest.ApiProblem;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Reads jobs for the API. */
@ApplicationScoped
public class JobQueries {

  @WithSession
  public Uni<JobView> find(UUID id) {
    return Job.<Job>findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("job", id))
        .flatMap(job -> JobObject.<JobObject>list("jobId", job.id).map(o -> JobView.of(job, o)));
  }
}
