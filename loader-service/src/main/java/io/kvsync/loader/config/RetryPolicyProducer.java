package io.kvsync.loader.config;

import io.kvsync.common.bus.RetryPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The loader's one bounded retry rule, from {@code kvsync.retry.*}. */
public class RetryPolicyProducer {

  @Produces
  @Singleton
  RetryPolicy retryPolicy(LoaderConfig config) {
    return new RetryPolicy(
        config.retry().initialBackoff(), config.retry().maxBackoff(), config.retry().giveUpAfter());
  }
}
