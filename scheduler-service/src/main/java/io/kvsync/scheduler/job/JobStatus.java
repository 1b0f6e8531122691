package io.kvsync.scheduler.job;

/** Where a job (a run of a pipeline) stands. */
public enum JobStatus {
  QUEUED,
  RUNNING,
  /** Every object succeeded. */
  SUCCEEDED,
  /** Some objects succeeded, some failed. */
  PARTIAL,
  /** No object failed, but at least one was deferred by rate limits and resumes next run. */
  DEFERRED,
  /** No object succeeded. */
  FAILED,
  /** A user cancelled the run: cursors stay where the loaded work put them. */
  CANCELLED;

  /** The statuses of a run that is not over. */
  public static java.util.List<JobStatus> activeStatuses() {
    return java.util.List.of(QUEUED, RUNNING);
  }

  public boolean isActive() {
    return this == QUEUED || this == RUNNING;
  }
}
