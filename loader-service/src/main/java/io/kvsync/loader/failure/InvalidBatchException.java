package io.kvsync.loader.failure;

/** A batch that no retry can load (unknown object, missing fields): dead-lettered with reason. */
public class InvalidBatchException extends RuntimeException {
  public InvalidBatchException(String message) {
    super(message);
  }
}
