package io.kvsync.loader.destination;

import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.common.secret.SecretDecryptionException;
import io.kvsync.loader.failure.InvalidBatchException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;

/** Opens the sealed destination a message carries, with the master key ring. */
@ApplicationScoped
public class SealedDestinations {

  private final SecretCipher cipher;

  public SealedDestinations(SecretCipher cipher) {
    this.cipher = cipher;
  }

  /**
   * @throws SecretDecryptionException when this key did not seal it
   * @throws InvalidBatchException when it opens but is not a destination
   */
  public DestinationSpec open(String sealed) {
    try {
      return DestinationSpec.unseal(sealed, cipher);
    } catch (UncheckedIOException e) {
      throw new InvalidBatchException(
          "the destination's connection details are not readable: " + e.getMessage());
    }
  }
}
