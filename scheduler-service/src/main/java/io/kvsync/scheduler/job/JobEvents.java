package io.kvsync.scheduler.job;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/** What happens once a job has finished. */
@ApplicationScoped
public class JobEvents {

  private static final Logger LOG = Logger.getLogger(JobEvents.class);

  @WithSession
  public Uni<Void> jobFinished(UUID jobId) {
    return Job.<Job>findById(jobId)
        .invoke(
            job -> {
              if (job != null) {
                LOG.infof(
                    "Job %s of pipeline %s finished %s%s",
                    job.id, job.pipelineId, job.status, job.error == null ? "" : ": " + job.error);
              }
            })
        .replaceWithVoid();
  }
}
