package io.kvsync.emulator.faults;

/** The misbehaviours the emulator can inject into {@code /api/} responses. */
public enum FaultKind {
  /** Answer 5xx (the rule's status, 503 by default) with the error body. */
  SERVER_ERROR,
  /** Delay the response by the rule's milliseconds. */
  LATENCY,
  /** Close the connection without any response. */
  DROP_CONNECTION,
  /** Answer 429 with Retry-After although the key is within its limits (a "429 storm"). */
  THROTTLE,
  /** Answer 200 with a body that is not JSON. */
  MALFORMED_BODY,
  /** Answer 200 with the real body cut in the middle, then close the connection. */
  TRUNCATED_BODY,
  /**
   * Answer 200 with the real page, its {@code links.next} on the rule's other origin (a link a
   * client must not follow with its key).
   */
  FOREIGN_NEXT_LINK;

  public static FaultKind parse(String text) {
    String value = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    return switch (value) {
      case "ERROR", "5XX" -> SERVER_ERROR;
      case "DROP", "RESET" -> DROP_CONNECTION;
      case "429" -> THROTTLE;
      case "MALFORMED" -> MALFORMED_BODY;
      case "TRUNCATED" -> TRUNCATED_BODY;
      default -> valueOf(value);
    };
  }
}
