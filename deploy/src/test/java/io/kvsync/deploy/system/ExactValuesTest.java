package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.emulator.admin.EmulatorAdmin;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Klaviyo serves numbers no double holds (20-digit decimals, integers beyond 2^63) and text with
 * NUL characters in free-form places (profile and event properties, names): the destination holds
 * every digit, and the text without its NUL characters (README, "Limits").
 */
@ExtendWith(WholeSystem.class)
class ExactValuesTest {

  private static final List<String> OBJECTS = List.of("profile_v2", "event_v2");

  private static final BigDecimal TWENTY_DIGITS = new BigDecimal("12345678901234567890.12");
  private static final BigDecimal EVENT_VALUE = new BigDecimal("98765432109876543210.55");
  private static final BigInteger BEYOND_LONG = new BigInteger("98765432109876543210987");
  private static final BigInteger JUST_BEYOND_LONG = BigInteger.TWO.pow(64).add(BigInteger.ONE);
  private static final BigDecimal TRAILING_ZERO = new BigDecimal("1.10");
  private static final BigDecimal TINY = new BigDecimal("-0.000000000000000000001");

  @Test
  void numbersKeepEveryDigitAndNulCharactersAreRemoved(RunningSystem system) throws Exception {
    EmulatorAdmin klaviyo = system.klaviyo().admin();
    String profileId =
        klaviyo.createProfile("exact-" + UUID.randomUUID() + "@example.com", "Zo\u0000e").id();
    Map<String, Object> profileProperties = new LinkedHashMap<>();
    profileProperties.put("amount", TWENTY_DIGITS);
    profileProperties.put("huge", BEYOND_LONG);
    profileProperties.put("price", TRAILING_ZERO);
    profileProperties.put("na\u0000me", "x\u0000y");
    profileProperties.put("nested", List.of(Map.of("deep", TINY, "label", "\u0000")));
    klaviyo.updateProfile(profileId, null, null, profileProperties);
    Map<String, Object> eventProperties = new LinkedHashMap<>();
    eventProperties.put("$value", EVENT_VALUE);
    eventProperties.put("count", JUST_BEYOND_LONG);
    eventProperties.put("no\u0000te", "a\u0000b");
    String metricId = klaviyo.data().metrics().sortedById().get(0).id();
    String eventId =
        klaviyo
            .addEvent(
                metricId, profileId, Instant.now().minus(1, ChronoUnit.HOURS), eventProperties)
            .id();

    Scenario scenario = new Scenario(system);
    Scenario.Run run = scenario.start("exact", OBJECTS);
    JsonNode job = scenario.awaitJob(run.jobId(), "SUCCEEDED");
    scenario.assertExact(run.schema(), OBJECTS, job);

    Map<String, String> profile =
        row(
            system,
            "SELECT first_name, properties->>'amount', (properties->'huge')::text,"
                + " (properties->'price')::text, properties->>'name',"
                + " properties->'nested'->0->>'deep', properties->'nested'->0->>'label'"
                + " FROM \""
                + run.schema()
                + "\".profile_v2 WHERE id = ?",
            profileId);
    assertEquals("Zoe", profile.get("1"), "NUL removed from a text column");
    assertEquals(TWENTY_DIGITS.toPlainString(), profile.get("2"));
    assertEquals(BEYOND_LONG.toString(), profile.get("3"));
    assertEquals("1.10", profile.get("4"), "trailing zeros kept");
    assertEquals("xy", profile.get("5"), "NUL removed from a key and a string of jsonb");
    assertEquals(TINY.toPlainString(), profile.get("6"));
    assertEquals("", profile.get("7"));

    Map<String, String> event =
        row(
            system,
            "SELECT event_properties->>'$value', (event_properties->'count')::text,"
                + " event_properties->>'note' FROM \""
                + run.schema()
                + "\".event_v2 WHERE id = ?",
            eventId);
    assertEquals(EVENT_VALUE.toPlainString(), event.get("1"));
    assertEquals(JUST_BEYOND_LONG.toString(), event.get("2"));
    assertEquals("ab", event.get("3"));
  }

  /** The one row the query finds, its columns by position ("1", "2", …) as text. */
  private static Map<String, String> row(RunningSystem system, String sql, String id)
      throws Exception {
    try (Connection db = system.destination();
        PreparedStatement query = db.prepareStatement(sql)) {
      query.setString(1, id);
      try (ResultSet rs = query.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError("no row " + id + " for " + sql);
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(Integer.toString(i), rs.getString(i));
        }
        return row;
      }
    }
  }
}
