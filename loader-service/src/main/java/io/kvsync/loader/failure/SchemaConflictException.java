package io.kvsync.loader.failure;

/**
 * DDL that collided with another session's (a name or type created at the same moment): the table
 * model is re-read and the change planned again.
 */
public class SchemaConflictException extends RuntimeException {
  public SchemaConflictException(Throwable cause) {
    super("Schema change collided with another loader: " + cause.getMessage(), cause);
  }
}
