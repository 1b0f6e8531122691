package io.kvsync.scheduler.job;

import io.kvsync.common.contract.SyncKind;
import io.kvsync.scheduler.pipeline.ObjectStatus;
import io.kvsync.scheduler.pipeline.PipelineObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Derives job objects, the job and the pipeline's objects from the state of the slices: the
 * checkpoint rules of the protocol in one place, free of I/O so they can be tested alone.
 */
public final class JobSettlement {

  /** What settling changed that the caller acts on. */
  public record Outcome(boolean jobFinished, List<JobObject> newlySucceeded) {}

  private JobSettlement() {}

  public static Outcome settle(
      Job job,
      List<JobObject> jobObjects,
      List<Slice> slices,
      List<PipelineObject> pipelineObjects,
      Instant now) {
    Map<String, PipelineObject> byName =
        pipelineObjects.stream().collect(Collectors.toMap(o -> o.object, Function.identity()));
    Map<java.util.UUID, List<Slice>> slicesByObject =
        slices.stream().collect(Collectors.groupingBy(s -> s.jobObjectId));
    List<JobObject> newlySucceeded = new ArrayList<>();

    for (JobObject jobObject : jobObjects) {
      if (jobObject.derivedFrom != null) {
        continue;
      }
      List<Slice> own =
          slicesByObject.getOrDefault(jobObject.id, List.of()).stream()
              .sorted(Comparator.comparingInt(s -> s.ordinal))
              .toList();
      PipelineObject pipelineObject = byName.get(jobObject.object);
      advanceCursor(jobObject, own, pipelineObject);
      if (jobObject.status.isFinished()) {
        continue;
      }
      JobObjectStatus before = jobObject.status;
      jobObject.slicesDone = (int) own.stream().filter(s -> s.state == SliceState.DONE).count();
      if (pipelineObject != null && jobObject.kind == SyncKind.HISTORICAL && !own.isEmpty()) {
        pipelineObject.historicalProgressPct = 100.0 * jobObject.slicesDone / own.size();
      }
      jobObject.status = statusOf(own);
      if (jobObject.status == JobObjectStatus.FAILED) {
        jobObject.error =
            own.stream()
                .filter(s -> s.state == SliceState.FAILED)
                .map(s -> s.error)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("A slice failed");
        // The rest of a failed object is not issued (or re-issued) in vain; the next run
        // re-plans it from the checkpoint.
        for (Slice slice : own) {
          if (!slice.state.isFinished()) {
            slice.state = SliceState.FAILED;
            slice.error = "Not read: another slice of " + jobObject.object + " failed";
            slice.leaseExpiresAt = null;
          }
        }
      } else if (jobObject.status == JobObjectStatus.DEFERRED) {
        jobObject.error =
            own.stream()
                .filter(s -> s.state == SliceState.DEFERRED)
                .map(s -> s.error)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("Deferred by Klaviyo's rate limits; resumes on the next run");
      }
      if (before != jobObject.status && jobObject.status.isFinished()) {
        finishObject(jobObject, pipelineObject, job, now);
        if (jobObject.status == JobObjectStatus.SUCCEEDED) {
          newlySucceeded.add(jobObject);
        }
      }
    }
    // Derived objects end with the object whose responses carry them.
    for (JobObject derived : jobObjects) {
      if (derived.derivedFrom == null || derived.status.isFinished()) {
        continue;
      }
      jobObjects.stream()
          .filter(o -> o.object.equals(derived.derivedFrom))
          .findFirst()
          .ifPresent(
              source -> {
                if (source.status == JobObjectStatus.RUNNING) {
                  derived.status = JobObjectStatus.RUNNING;
                } else if (source.status.isFinished()) {
                  derived.status = source.status;
                  derived.error = source.error;
                  finishObject(derived, byName.get(derived.object), job, now);
                  if (derived.status == JobObjectStatus.SUCCEEDED) {
                    newlySucceeded.add(derived);
                  }
                }
              });
    }

    boolean finished = jobObjects.stream().allMatch(o -> o.status.isFinished());
    if (finished && job.status.isActive()) {
      job.status = jobStatus(jobObjects);
      job.finishedAt = now;
      job.error =
          jobObjects.stream()
              .filter(o -> o.status == JobObjectStatus.FAILED)
              .map(o -> o.object + ": " + o.error)
              .findFirst()
              .orElse(null);
      return new Outcome(true, newlySucceeded);
    }
    return new Outcome(false, newlySucceeded);
  }

  private static JobObjectStatus statusOf(List<Slice> slices) {
    if (slices.stream().anyMatch(s -> s.state == SliceState.FAILED)) {
      // Fail at once: the object cannot succeed, and waiting on its other slices could hang.
      return JobObjectStatus.FAILED;
    }
    if (slices.stream().allMatch(s -> s.state == SliceState.DONE)) {
      return JobObjectStatus.SUCCEEDED;
    }
    if (slices.stream().allMatch(s -> s.state.isFinished())) {
      return JobObjectStatus.DEFERRED;
    }
    return slices.stream().anyMatch(s -> s.state != SliceState.PENDING)
        ? JobObjectStatus.RUNNING
        : JobObjectStatus.QUEUED;
  }

  /**
   * Moves the object's cursor to the end of the contiguous prefix of slices that are extracted and
   * fully loaded; a finished slice after an unfinished one does not count yet.
   */
  static void advanceCursor(JobObject jobObject, List<Slice> ordered, PipelineObject object) {
    if (object == null || jobObject.kind == SyncKind.FULL) {
      return;
    }
    for (Slice slice : ordered) {
      if (slice.state != SliceState.DONE) {
        return;
      }
      Instant end = slice.cursorEnd != null ? slice.cursorEnd : slice.windowTo;
      if (end != null && (object.position == null || end.isAfter(object.position))) {
        object.position = end;
      }
    }
  }

  private static void finishObject(
      JobObject jobObject, PipelineObject object, Job job, Instant now) {
    if (object == null) {
      return;
    }
    object.rowsLoadedTotal += jobObject.rowsLoaded;
    if (job.trigger == JobTrigger.REPLAY) {
      // A replay re-sends stored records: it says nothing about how far the object is read.
      return;
    }
    switch (jobObject.status) {
      case SUCCEEDED -> {
        object.historicalDone = true;
        object.historicalProgressPct = 100;
        object.lastSuccessAt = now;
        if (jobObject.kind == SyncKind.FULL) {
          object.lastFullSyncAt = job.startedAt;
          if (object.position == null || object.position.isBefore(job.startedAt)) {
            // A whole read is as fresh as the run's start.
            object.position = job.startedAt;
          }
        }
        if (object.status != ObjectStatus.PAUSED && object.status != ObjectStatus.SKIPPED) {
          object.status = ObjectStatus.ACTIVE;
        }
      }
      case DEFERRED -> {
        if (object.status != ObjectStatus.PAUSED && object.status != ObjectStatus.SKIPPED) {
          object.status = ObjectStatus.DEFERRED;
        }
      }
      case FAILED -> {
        if (object.status != ObjectStatus.PAUSED && object.status != ObjectStatus.SKIPPED) {
          object.status = ObjectStatus.FAILED;
        }
      }
      default -> {}
    }
  }

  private static JobStatus jobStatus(List<JobObject> objects) {
    long failed = objects.stream().filter(o -> o.status == JobObjectStatus.FAILED).count();
    long succeeded = objects.stream().filter(o -> o.status == JobObjectStatus.SUCCEEDED).count();
    if (failed == 0) {
      return succeeded == objects.size() ? JobStatus.SUCCEEDED : JobStatus.DEFERRED;
    }
    return succeeded == 0 ? JobStatus.FAILED : JobStatus.PARTIAL;
  }
}
