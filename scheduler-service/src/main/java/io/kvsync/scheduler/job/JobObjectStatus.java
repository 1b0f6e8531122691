package io.kvsync.scheduler.job;

/** Where one object of a job stands. */
public enum JobObjectStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  DEFERRED,
  FAILED;

  public boolean isFinished() {
    return this == SUCCEEDED || this == DEFERRED || this == FAILED;
  }
}
