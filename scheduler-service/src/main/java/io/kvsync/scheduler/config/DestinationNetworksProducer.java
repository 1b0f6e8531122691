package io.kvsync.scheduler.config;

import io.kvsync.common.destination.DestinationNetworks;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The network policy for destination hosts, from {@code kvsync.destination.allowed-networks}. */
public class DestinationNetworksProducer {

  @Produces
  @Singleton
  DestinationNetworks destinationNetworks(SchedulerConfig config) {
    return DestinationNetworks.allowing(config.destination().allowedNetworks().orElse(""));
  }
}
