package io.kvsync.scheduler.pipeline;

/** Where an object of a pipeline stands, as the product documentation names it. */
public enum ObjectStatus {
  QUEUED,
  HISTORICAL_LOAD,
  ACTIVE,
  PAUSED,
  SKIPPED,
  DEFERRED,
  FAILED
}
