package io.kvsync.scheduler.job;

/** Where one object of a job stands. */
public enum JobObjectStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  DEFERRED,
  FAILED,
  CANCELLED;

  public boolean isFinished() {
    return this != QUEUED && this != RUNNING;
  }
}
