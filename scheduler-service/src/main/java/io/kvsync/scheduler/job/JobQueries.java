package io.kvsync.scheduler.job;

import io.kvsync.scheduler.pipeline.Pipeline;
import io.kvsync.scheduler.rest.ApiProblem;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reads jobs for the API. */
@ApplicationScoped
public class JobQueries {

  /** A pipeline's jobs, newest first. */
  @WithSession
  public Uni<List<JobView>> ofPipeline(UUID pipelineId, int limit) {
    return Pipeline.findById(pipelineId)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("pipeline", pipelineId))
        .flatMap(
            ignored ->
                Job.<Job>find("pipelineId", Sort.descending("createdAt"), pipelineId)
                    .page(Page.ofSize(Math.max(1, Math.min(limit, 500))))
                    .list())
        .flatMap(
            jobs -> {
              if (jobs.isEmpty()) {
                return Uni.createFrom().item(List.<JobView>of());
              }
              return JobObject.<JobObject>list("jobId in ?1", jobs.stream().map(j -> j.id).toList())
                  .map(
                      objects -> {
                        Map<UUID, List<JobObject>> byJob =
                            objects.stream().collect(Collectors.groupingBy(o -> o.jobId));
                        return jobs.stream()
                            .map(j -> JobView.of(j, byJob.getOrDefault(j.id, List.of())))
                            .toList();
                      });
            });
  }

  @WithSession
  public Uni<JobView> find(UUID id) {
    return Job.<Job>findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("job", id))
        .flatMap(job -> JobObject.<JobObject>list("jobId", job.id).map(o -> JobView.of(job, o)));
  }
}
