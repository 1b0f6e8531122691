package io.kvsync.scheduler.job;

/** Why a job runs. */
public enum JobTrigger {
  SCHEDULE,
  RUN_NOW,
  /** Objects a user queued: restart or Change Position. */
  OBJECT_REQUEST,
  /** Failed records sent to the loaders again. */
  REPLAY
}
