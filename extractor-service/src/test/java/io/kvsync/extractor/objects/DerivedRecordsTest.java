package io.kvsync.extractor.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.extractor.testing.RecordKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Derived tables come out in the shape the loader's generic mapping reads. */
class DerivedRecordsTest {

  private static final String CAMPAIGNS =
      """
      {"data":[{"type":"campaign","id":"C1",
        "attributes":{"name":"Soldes","audiences":{"included":["L1","S2"],"excluded":null},
          "tracking_options":{"custom_tracking_params":[
            {"type":"static","name":"utm_source","value":"klaviyo"},
            {"type":"dynamic","name":"utm_campaign","value":"campaign_id"}]}},
        "relationships":{"campaign-messages":{"data":[{"type":"campaign-message","id":"M1"}]}}}],
       "included":[{"type":"campaign-message","id":"M1",
        "attributes":{"definition":{"channel":"sms"},
          "send_times":[{"datetime":"2026-06-01T10:00:00+00:00","is_local":false}]},
        "links":{"self":"x"}}]}
      """;

  private static List<ObjectNode> derive(String table, String json) throws Exception {
    JsonNode document = WireFormat.mapper().readTree(json);
    return DerivedRecords.forTable(table).from(document);
  }

  private static List<String> keys(String table, List<ObjectNode> records) {
    List<String> key = ObjectCatalogue.get(table).primaryKey();
    return records.stream().map(r -> RecordKeys.of(r, key)).toList();
  }

  @Test
  void utmParametersAreKeyedByCampaignAndName() throws Exception {
    List<ObjectNode> records = derive(ObjectCatalogue.CAMPAIGN_UTM_PARAM, CAMPAIGNS);
    assertEquals(
        List.of("campaign_id=C1|name=utm_source", "campaign_id=C1|name=utm_campaign"),
        keys(ObjectCatalogue.CAMPAIGN_UTM_PARAM, records));
    assertEquals("dynamic", records.get(1).path("attributes").path("type").asText());
    assertEquals(1, records.get(1).path("attributes").path("ordinal").asInt());
  }

  @Test
  void audiencesAreKeyedByCampaignAndAudienceAndAMissingExclusionIsNone() throws Exception {
    assertEquals(
        List.of("campaign_id=C1|audience_id=L1", "campaign_id=C1|audience_id=S2"),
        keys(
            ObjectCatalogue.AUDIENCE_INCLUDED,
            derive(ObjectCatalogue.AUDIENCE_INCLUDED, CAMPAIGNS)));
    assertEquals(List.of(), derive(ObjectCatalogue.AUDIENCE_EXCLUDED, CAMPAIGNS));
  }

  @Test
  void messagesCarryTheirCampaignAndChannel() throws Exception {
    List<ObjectNode> messages = derive(ObjectCatalogue.CAMPAIGN_MESSAGES, CAMPAIGNS);
    assertEquals(1, messages.size());
    assertEquals("C1", RecordKeys.column(messages.get(0), "campaign_id"));
    assertEquals("sms", messages.get(0).path("attributes").path("channel").asText());
    assertEquals(false, messages.get(0).has("links"));
  }

  @Test
  void sendTimesAreKeyedByMessageAndDatetime() throws Exception {
    List<ObjectNode> sendTimes = derive(ObjectCatalogue.CAMPAIGN_MESSAGE_SEND_TIME, CAMPAIGNS);
    assertEquals(
        List.of("campaign_message_id=M1|datetime=2026-06-01T10:00:00Z"),
        keys(ObjectCatalogue.CAMPAIGN_MESSAGE_SEND_TIME, sendTimes));
    assertEquals(false, sendTimes.get(0).path("attributes").path("is_local").asBoolean(true));
  }

  @Test
  void templatesAreKeyedByMessageAndSharedTemplatesStaySeparate() throws Exception {
    String answer =
        """
        {"data":[
          {"type":"campaign-message","id":"M1","relationships":{"template":{"data":{"type":"template","id":"T1"}}}},
          {"type":"campaign-message","id":"M2","relationships":{"template":{"data":{"type":"template","id":"T1"}}}},
          {"type":"campaign-message","id":"M3","relationships":{"template":{"data":null}}}],
         "included":[{"type":"template","id":"T1","attributes":{"name":"Welcome","html":"<p>hi</p>"}}]}
        """;
    List<ObjectNode> templates = derive(ObjectCatalogue.CAMPAIGN_MESSAGE_TEMPLATE, answer);
    assertEquals(
        List.of("campaign_message_id=M1", "campaign_message_id=M2"),
        keys(ObjectCatalogue.CAMPAIGN_MESSAGE_TEMPLATE, templates));
    assertEquals("T1", RecordKeys.column(templates.get(1), "template_id"));
  }

  @Test
  void membershipsCarryTheProfileAsARelationship() throws Exception {
    String answer =
        """
        {"data":[{"type":"profile","id":"P1","attributes":{"joined_group_at":"2026-01-01T00:00:00+00:00"}}]}
        """;
    List<ObjectNode> members = derive(ObjectCatalogue.PROFILE_LIST, answer);
    assertEquals("P1", RecordKeys.column(members.get(0), "profile_id"));
  }

  @Test
  void aTableWithoutADerivationIsAProgrammingError() {
    assertThrows(IllegalStateException.class, () -> DerivedRecords.forTable("metric_v2"));
  }
}
