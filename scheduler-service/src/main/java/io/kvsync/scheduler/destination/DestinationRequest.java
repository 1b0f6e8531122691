package io.kvsync.scheduler.destination;

/** The body of {@code POST /destinations} and {@code POST /destinations/test}. */
public record DestinationRequest(
    String name,
    String type,
    String host,
    Integer port,
    String database,
    String user,
    String password,
    String schema,
    String tablePrefix) {

  @Override
  public String toString() {
    return "DestinationRequest["
        + name
        + " "
        + user
        + "@"
        + host
        + ":"
        + port
        + "/"
        + database
        + "]";
  }
}
