package io.kvsync.loader.messaging;

import io.kvsync.common.bus.Draining;
import io.kvsync.common.bus.MessageBodies;
import io.kvsync.common.contract.DeletionSweep;
import io.kvsync.common.contract.MalformedMessageException;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.logging.RunContext;
import io.kvsync.loader.load.DeletionSweeper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@link DeletionSweep}s: acknowledged after the marking committed and its {@code
 * BatchLoaded} is confirmed; a sweep that cannot run is reported (the scheduler waits for its
 * answer) and parked with the reason.
 */
@ApplicationScoped
public class SweepConsumer {

  private final DeletionSweeper sweeper;
  private final Settlement settlement;
  private final Draining draining;
  private final String queue;

  public SweepConsumer(
      DeletionSweeper sweeper,
      Settlement settlement,
      Draining draining,
      @ConfigProperty(name = "mp.messaging.incoming.sweeps.queue.name") String queue) {
    this.sweeper = sweeper;
    this.settlement = settlement;
    this.draining = draining;
    this.queue = queue;
  }

  @Incoming(Channels.SWEEPS)
  public Uni<Void> consume(Message<?> message) {
    return draining.handle(() -> handle(message));
  }

  private Uni<Void> handle(Message<?> message) {
    byte[] body;
    DeletionSweep sweep;
    try {
      body = MessageBodies.bytes(message.getPayload());
      sweep = WireFormat.decode(body, DeletionSweep.class);
    } catch (MalformedMessageException e) {
      return settlement.reject(message, e);
    }
    RunContext.enter(sweep.pipelineId(), sweep.jobId(), sweep.object());
    return sweeper.sweep(sweep).chain(report -> settlement.report(message, body, queue, report));
  }
}
