package io.kvsync.loader.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvsync.common.secret.DestinationSpec;
import org.junit.jupiter.api.Test;

class TableRefTest {

  private static DestinationSpec spec(String schema, String prefix) {
    return new DestinationSpec("h", 5432, "db", "u", "secret", schema, prefix);
  }

  @Test
  void tablePrefixIsPartOfTheSanitisedName() {
    TableRef ref = TableRef.of(spec("analytics", "Klaviyo "), "metric_v2");
    assertEquals("klaviyo_metric_v2", ref.table());
    assertEquals("\"analytics\".\"klaviyo_metric_v2\"", ref.qualified());
  }

  @Test
  void destinationWithoutSchemaUsesKlaviyo() {
    assertEquals("klaviyo", TableRef.of(spec(null, null), "event_v2").schema());
    assertEquals("event_v2", TableRef.of(spec("", ""), "event_v2").table());
  }

  @Test
  void poolKeyNeverCarriesThePassword() {
    assertEquals("u@h:5432/db", TableRef.of(spec("s", ""), "list_v2").destination());
  }
}
