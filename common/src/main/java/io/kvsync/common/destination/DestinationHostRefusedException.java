package io.kvsync.common.destination;

/**
 * A destination host that resolves to an address destinations may not use: nothing a retry can fix.
 * The message names the host, the address and the rule, never a secret.
 */
public class DestinationHostRefusedException extends RuntimeException {

  public DestinationHostRefusedException(String message) {
    super(message);
  }
}
