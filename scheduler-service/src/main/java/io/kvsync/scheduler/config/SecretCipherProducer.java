package io.kvsync.scheduler.config;

import io.kvsync.common.secret.SecretCipher;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the shared master key available as one {@link SecretCipher}. */
public class SecretCipherProducer {

  @Produces
  @Singleton
  SecretCipher secretCipher(SchedulerConfig config) {
    return SecretCipher.fromBase64Key(config.masterKey());
  }
}
