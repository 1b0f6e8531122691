package io.kvsync.scheduler.job;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** A job as the API shows it, with per-object counts. */
public record JobView(
    UUID id,
    UUID pipelineId,
    JobTrigger trigger,
    JobStatus status,
    Instant startedAt,
    Instant finishedAt,
    String error,
    List<ObjectView> objects) {

  /** One object of the job. */
  public record ObjectView(
      String object,
      String kind,
      JobObjectStatus status,
      int slicesTotal,
      int slicesDone,
      long recordsExtracted,
      long rowsLoaded,
      long recordsFailed,
      long rowsMarkedDeleted,
      String error) {}

  static JobView of(Job job, List<JobObject> objects) {
    List<String> order = ObjectCatalogue.all().stream().map(ObjectDefinition::table).toList();
    return new JobView(
        job.id,
        job.pipelineId,
        job.trigger,
        job.status,
        job.startedAt,
        job.finishedAt,
        job.error,
        objects.stream()
            .sorted(Comparator.comparingInt(o -> order.indexOf(o.object)))
            .map(
                o ->
                    new ObjectView(
                        o.object,
                        o.kind == null ? null : o.kind.name(),
                        o.status,
                        o.slicesTotal,
                        o.slicesDone,
                        o.recordsExtracted,
                        o.rowsLoaded,
                        o.recordsFailed,
                        o.rowsMarkedDeleted,
                        o.error))
            .toList());
  }
}
