package io.kvsync.scheduler.pipeline;

import io.kvsync.common.catalogue.SyncMode;
import java.time.Instant;

/** Where one object of a pipeline stands. */
public record ObjectView(
    String object,
    SyncMode mode,
    ObjectStatus status,
    Instant position,
    Instant lastRunAt,
    double historicalProgressPct,
    long rowsLoadedTotal) {

  static ObjectView of(PipelineObject o) {
    return new ObjectView(
        o.object,
        o.mode,
        o.status,
        o.position,
        o.lastRunAt,
        o.historicalDone ? 100.0 : o.historicalProgressPct,
        o.rowsLoadedTotal);
  }
}
