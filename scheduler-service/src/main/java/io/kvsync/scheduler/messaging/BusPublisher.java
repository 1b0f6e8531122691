package io.kvsync.scheduler.messaging;

import io.kvsync.common.bus.ConfirmedPublisher;
import io.kvsync.common.bus.RetryPolicy;
import io.kvsync.common.contract.BatchHeaders;
import io.kvsync.common.contract.DeletionSweep;
import io.kvsync.common.contract.RateShares;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.RunCancelled;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.job.CommandSink;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes commands with publisher confirms: each Uni completes when the broker confirmed. */
@ApplicationScoped
public class BusPublisher implements CommandSink {

  private final ConfirmedPublisher commands;
  private final ConfirmedPublisher sweeps;
  private final ConfirmedPublisher replays;
  private final ConfirmedPublisher control;

  public BusPublisher(
      @Channel(Channels.COMMANDS) MutinyEmitter<byte[]> commands,
      @Channel(Channels.SWEEPS) MutinyEmitter<byte[]> sweeps,
      @Channel(Channels.REPLAYS) MutinyEmitter<byte[]> replays,
      @Channel(Channels.CONTROL) MutinyEmitter<byte[]> control,
      SchedulerConfig config) {
    RetryPolicy retry =
        new RetryPolicy(
            config.retry().initialBackoff(),
            config.retry().maxBackoff(),
            config.retry().giveUpAfter());
    this.commands = new ConfirmedPublisher(commands, retry);
    this.sweeps = new ConfirmedPublisher(sweeps, retry);
    this.replays = new ConfirmedPublisher(replays, retry);
    this.control = new ConfirmedPublisher(control, retry);
  }

  @Override
  public Uni<Void> publish(RecordBatch batch) {
    return replays.publish(
        WireFormat.encode(batch),
        Channels.LOAD_ROUTING_KEY,
        batch.batchId().toString(),
        BatchHeaders.of(batch.ref()));
  }

  @Override
  public Uni<Void> publish(SyncCommand command) {
    return commands.publish(
        WireFormat.encode(command),
        Channels.EXTRACT_ROUTING_KEY,
        command.commandId() + "/" + command.attempt());
  }

  @Override
  public Uni<Void> publish(DeletionSweep sweep) {
    return sweeps.publish(
        WireFormat.encode(sweep), Channels.SWEEP_ROUTING_KEY, sweep.sweepId().toString());
  }

  @Override
  public Uni<Void> publish(RunCancelled cancelled) {
    return control.publish(WireFormat.encode(cancelled), "", "cancel/" + cancelled.jobId());
  }

  @Override
  public Uni<Void> publish(RateShares shares) {
    return control.publish(
        WireFormat.encode(shares), "", "shares/" + shares.keyFingerprint() + "/" + shares.at());
  }
}
