package io.kvsync.common.secret;

/** A sealed secret that this master key cannot open: a configuration error, never retried. */
public class SecretDecryptionException extends RuntimeException {
  public SecretDecryptionException(String message) {
    super(message);
  }

  public SecretDecryptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
