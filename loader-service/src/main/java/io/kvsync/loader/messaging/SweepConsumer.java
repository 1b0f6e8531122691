package io.kvsync.loader.messaging;

import io.kvsync.common.contract.DeletionSweep;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.loader.load.DeletionSweeper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@link DeletionSweep}s; acknowledged after the marking committed and its {@code
 * BatchLoaded} is confirmed.
 */
@ApplicationScoped
public class SweepConsumer {

  private static final Logger LOG = Logger.getLogger(SweepConsumer.class);

  private final DeletionSweeper sweeper;
  private final ProgressPublisher progress;

  public SweepConsumer(DeletionSweeper sweeper, ProgressPublisher progress) {
    this.sweeper = sweeper;
    this.progress = progress;
  }

  @Incoming(Channels.SWEEPS)
  public Uni<Void> consume(Message<?> message) {
    DeletionSweep sweep;
    try {
      sweep = WireFormat.decode(Payloads.bytes(message.getPayload()), DeletionSweep.class);
    } catch (RuntimeException e) {
      LOG.errorf("Dead-lettering an undecodable sweep: %s", e.getMessage());
      return Uni.createFrom().completionStage(message.nack(e));
    }
    return sweeper
        .sweep(sweep)
        .chain(progress::publish)
        .chain(() -> Uni.createFrom().completionStage(message.ack()))
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.errorf("Dead-lettering sweep %s: %s", sweep.sweepId(), e.getMessage());
              // The scheduler waits for the sweep's answer: tell it the sweep will never run.
              return progress
                  .publish(DeletionSweeper.refused(sweep, e))
                  .chain(() -> Uni.createFrom().completionStage(message.nack(e)));
            });
  }
}
