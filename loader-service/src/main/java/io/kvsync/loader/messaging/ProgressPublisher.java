package io.kvsync.loader.messaging;

import io.kvsync.common.bus.ConfirmedPublisher;
import io.kvsync.common.bus.RetryPolicy;
import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.WireFormat;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes {@link BatchLoaded} to {@code sync.progress}; completes once the broker confirms. */
@ApplicationScoped
public class ProgressPublisher {

  private final ConfirmedPublisher progress;

  public ProgressPublisher(
      @Channel(Channels.PROGRESS) MutinyEmitter<byte[]> progress, RetryPolicy retry) {
    this.progress = new ConfirmedPublisher(progress, retry);
  }

  /**
   * @return fails when the broker did not confirm within {@code kvsync.retry.give-up-after}
   */
  public Uni<Void> publish(BatchLoaded loaded) {
    return progress.publish(
        WireFormat.encode(loaded), "loaded." + loaded.object(), String.valueOf(loaded.batchId()));
  }
}
