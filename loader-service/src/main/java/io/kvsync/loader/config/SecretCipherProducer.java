package io.kvsync.loader.config;

import io.kvsync.common.secret.SecretCipher;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Makes the master key ring available as one {@link SecretCipher}, checked at startup. */
public class SecretCipherProducer {

  private static final Logger LOG = Logger.getLogger(SecretCipherProducer.class);

  @Produces
  @Singleton
  SecretCipher secretCipher(LoaderConfig config) {
    return SecretCipher.fromSettings(config.masterKeys(), config.masterKey());
  }

  /** A malformed ring stops the service at once, not at the first secret it meets. */
  void checkRing(@Observes StartupEvent started, SecretCipher cipher) {
    LOG.infof(
        "Master key ring %s; new secrets are sealed with %s",
        cipher.keyIds(), cipher.newestKeyId());
  }
}
