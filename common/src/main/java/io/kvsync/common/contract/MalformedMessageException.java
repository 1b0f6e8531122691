package io.kvsync.common.contract;

/** A message body that cannot be decoded: dead-lettered, never retried. */
public class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
