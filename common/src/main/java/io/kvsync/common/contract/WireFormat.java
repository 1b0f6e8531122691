package io.kvsync.common.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kvsync.common.bus.BusLimits;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON encoding of every message on the bus: one mapper, ISO-8601 instants, and numbers kept
 * exact: a decimal is read as the {@code BigDecimal} of its text (never a double, which would
 * change a 20-digit value), with its trailing zeros; an integer beyond {@code long} as a {@code
 * BigInteger}. It also reads Klaviyo's answers, so a string value may be as long as the largest
 * record that is loaded (Jackson refuses strings over 20 million characters by default).
 */
public final class WireFormat {

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxStringLength((int) BusLimits.DEFAULT_MAX_MESSAGE_BYTES)
                          .build())
                  .build())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  private WireFormat() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] encode(Object message) {
    try {
      return MAPPER.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /**
   * Decodes a message body.
   *
   * @throws MalformedMessageException when the body is not a valid message of that type: a poison
   *     message that no retry can fix
   */
  public static <T> T decode(byte[] body, Class<T> type) {
    try {
      return MAPPER.readValue(body, type);
    } catch (IOException e) {
      throw new MalformedMessageException(
          "Not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
