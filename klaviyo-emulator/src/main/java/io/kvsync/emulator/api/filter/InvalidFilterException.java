package io.kvsync.emulator.api.filter;

/** A filter that breaks the syntax or the endpoint's allowed fields and operators. */
public final class InvalidFilterException extends RuntimeException {
  public InvalidFilterException(String message) {
    super(message, null, false, false);
  }
}
