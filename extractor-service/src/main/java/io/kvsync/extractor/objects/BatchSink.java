package io.kvsync.extractor.objects;

import io.kvsync.common.contract.RecordBatch;
import io.smallrye.mutiny.Uni;

/** Where batches go; the item arrives once the broker confirmed the batch. */
public interface BatchSink {
  Uni<Void> publish(RecordBatch batch);
}
