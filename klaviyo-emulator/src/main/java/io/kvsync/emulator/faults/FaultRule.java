package io.kvsync.emulator.faults;

/**
 * One injected fault.
 *
 * @param endpoint an operation id ({@code get_events}), a path template ({@code /api/events}) or
 *     {@code *} for every endpoint
 * @param kind what goes wrong
 * @param rate share of matching requests it hits, 0..1 (ignored for {@link FaultKind#LATENCY},
 *     which hits every matching request)
 * @param latencyMillis delay for {@link FaultKind#LATENCY}
 * @param status HTTP status for {@link FaultKind#SERVER_ERROR} (500..599)
 * @param times how many requests it may still hit; negative means no end
 * @param linkOrigin for {@link FaultKind#FOREIGN_NEXT_LINK}: the {@code scheme://host:port} its
 *     {@code links.next} points to; null for other kinds
 */
public record FaultRule(
    String endpoint,
    FaultKind kind,
    double rate,
    long latencyMillis,
    int status,
    long times,
    String linkOrigin) {

  public FaultRule {
    if (endpoint == null || endpoint.isBlank()) {
      endpoint = "*";
    }
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("a fault rate is between 0 and 1, not " + rate);
    }
    if (kind == FaultKind.SERVER_ERROR && (status < 500 || status > 599)) {
      status = 503;
    }
    if (kind == FaultKind.FOREIGN_NEXT_LINK
        && (linkOrigin == null || !linkOrigin.matches("https?://[^/?#\\s]+"))) {
      throw new IllegalArgumentException(
          "a foreign_next_link fault needs a link_origin such as http://127.0.0.1:9999, not "
              + linkOrigin);
    }
  }

  /** A rule of any kind but {@link FaultKind#FOREIGN_NEXT_LINK}. */
  public FaultRule(
      String endpoint, FaultKind kind, double rate, long latencyMillis, int status, long times) {
    this(endpoint, kind, rate, latencyMillis, status, times, null);
  }

  /** A listing whose {@code links.next} points to {@code origin} instead of the emulator. */
  public static FaultRule foreignNextLink(String endpoint, String origin) {
    return new FaultRule(endpoint, FaultKind.FOREIGN_NEXT_LINK, 1.0, 0, 0, -1, origin);
  }

  public static FaultRule always(String endpoint, FaultKind kind) {
    return new FaultRule(endpoint, kind, 1.0, 0, 503, -1);
  }

  public static FaultRule latency(String endpoint, long millis) {
    return new FaultRule(endpoint, FaultKind.LATENCY, 1.0, millis, 0, -1);
  }

  public FaultRule withRate(double value) {
    return new FaultRule(endpoint, kind, value, latencyMillis, status, times, linkOrigin);
  }

  public FaultRule withStatus(int value) {
    return new FaultRule(endpoint, kind, rate, latencyMillis, value, times, linkOrigin);
  }

  public FaultRule withTimes(long value) {
    return new FaultRule(endpoint, kind, rate, latencyMillis, status, value, linkOrigin);
  }

  boolean matches(String operationId, String pathTemplate) {
    return endpoint.equals("*") || endpoint.equals(operationId) || endpoint.equals(pathTemplate);
  }

  /**
   * Parses {@code endpoint:kind[:value]}: the value is the rate for most kinds, milliseconds for
   * latency, and {@code status@rate} is accepted for server errors (e.g. {@code
   * get_events:error:500@0.2}).
   */
  public static FaultRule parse(String text) {
    String[] parts = text.trim().split(":");
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "fault '" + text + "' is not endpoint:kind[:value], e.g. get_events:error:0.1");
    }
    FaultKind kind = FaultKind.parse(parts[1]);
    String value = parts.length == 3 ? parts[2] : "";
    try {
      if (kind == FaultKind.LATENCY) {
        return latency(parts[0], value.isEmpty() ? 100 : Long.parseLong(value));
      }
      int status = 503;
      if (value.contains("@")) {
        status = Integer.parseInt(value.substring(0, value.indexOf('@')));
        value = value.substring(value.indexOf('@') + 1);
      }
      double rate = value.isEmpty() ? 1.0 : Double.parseDouble(value);
      return new FaultRule(parts[0], kind, rate, 0, status, -1);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "fault '" + text + "' has a value that is not a number", e);
    }
  }
}
