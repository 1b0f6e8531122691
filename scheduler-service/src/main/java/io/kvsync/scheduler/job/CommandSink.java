package io.kvsync.scheduler.job;

import io.kvsync.common.contract.DeletionSweep;
import io.kvsync.common.contract.RateShares;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.RunCancelled;
import io.kvsync.common.contract.SyncCommand;
import io.smallrye.mutiny.Uni;

/** Where commands go: the bus, in production. Each Uni completes once the broker confirmed. */
public interface CommandSink {

  Uni<Void> publish(SyncCommand command);

  Uni<Void> publish(DeletionSweep sweep);

  /** Replayed failed records go to the loaders like any batch. */
  Uni<Void> publish(RecordBatch batch);

  /** Tells every extractor and loader to drop the cancelled run's work. */
  Uni<Void> publish(RunCancelled cancelled);

  /** Tells every extractor the current shares of one Klaviyo key's budget. */
  Uni<Void> publish(RateShares shares);
}
