package io.kvsync.scheduler.job;

/** Why a job runs. */
public enum JobTrigger {
  SCHEDULE,
  RUN_NOW,
  POSITION_CHANGE
}
