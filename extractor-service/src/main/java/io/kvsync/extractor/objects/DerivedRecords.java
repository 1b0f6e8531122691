package io.kvsync.extractor.objects;

import static io.kvsync.common.catalogue.ObjectCatalogue.AUDIENCE_EXCLUDED;
import static io.kvsync.common.catalogue.ObjectCatalogue.AUDIENCE_INCLUDED;
import static io.kvsync.common.catalogue.ObjectCatalogue.CAMPAIGN_MESSAGES;
import static io.kvsync.common.catalogue.ObjectCatalogue.CAMPAIGN_MESSAGE_SEND_TIME;
import static io.kvsync.common.catalogue.ObjectCatalogue.CAMPAIGN_MESSAGE_TEMPLATE;
import static io.kvsync.common.catalogue.ObjectCatalogue.CAMPAIGN_UTM_PARAM;
import static io.kvsync.common.catalogue.ObjectCatalogue.PROFILE_LIST;
import static io.kvsync.common.catalogue.ObjectCatalogue.PROFILE_SEGMENT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the records of tables that are not Klaviyo resources themselves (link tables, arrays
 * inside a resource, resources reached through {@code included}) in the shape the loader's generic
 * mapping reads: key columns travel as attributes or to-one relationships.
 */
final class DerivedRecords {

  /** Builds one table's records from one Klaviyo answer. */
  @FunctionalInterface
  interface Derivation {
    List<ObjectNode> from(JsonNode document);
  }

  private static final Map<String, Derivation> DERIVATIONS =
      Map.of(
          CAMPAIGN_UTM_PARAM, DerivedRecords::utmParams,
          AUDIENCE_INCLUDED, document -> audiences(document, "included"),
          AUDIENCE_EXCLUDED, document -> audiences(document, "excluded"),
          CAMPAIGN_MESSAGES, DerivedRecords::campaignMessages,
          CAMPAIGN_MESSAGE_SEND_TIME, DerivedRecords::sendTimes,
          CAMPAIGN_MESSAGE_TEMPLATE, DerivedRecords::messageTemplates,
          PROFILE_LIST, DerivedRecords::memberships,
          PROFILE_SEGMENT, DerivedRecords::memberships);

  private DerivedRecords() {}

  /**
   * @throws IllegalStateException when the catalogue marks a table derived without a derivation
   */
  static Derivation forTable(String table) {
    Derivation derivation = DERIVATIONS.get(table);
    if (derivation == null) {
      throw new IllegalStateException("No derivation for the derived table " + table);
    }
    return derivation;
  }

  /** {@code tracking_options.custom_tracking_params[]}: key (campaign_id, name). */
  private static List<ObjectNode> utmParams(JsonNode document) {
    List<ObjectNode> records = new ArrayList<>();
    for (JsonNode campaign : JsonApi.data(document)) {
      String campaignId = campaign.path("id").asText();
      JsonNode params =
          campaign.path("attributes").path("tracking_options").path("custom_tracking_params");
      int ordinal = 0;
      for (JsonNode param : params) {
        String name = param.path("name").asText();
        ObjectNode record = JsonApi.resource("campaign-utm-param", campaignId + "/" + name);
        ObjectNode attributes = JsonApi.attributes(record);
        attributes.set("name", param.path("name"));
        attributes.set("type", param.path("type"));
        attributes.set("value", param.path("value"));
        attributes.put("ordinal", ordinal++);
        JsonApi.relate(record, "campaign", "campaign", campaignId);
        records.add(record);
      }
    }
    return records;
  }

  /**
   * {@code audiences.included[]} / {@code .excluded[]} (plain ids): key (campaign_id, audience_id).
   */
  private static List<ObjectNode> audiences(JsonNode document, String which) {
    List<ObjectNode> records = new ArrayList<>();
    for (JsonNode campaign : JsonApi.data(document)) {
      String campaignId = campaign.path("id").asText();
      for (JsonNode audience : campaign.path("attributes").path("audiences").path(which)) {
        String audienceId = audience.asText();
        ObjectNode record = JsonApi.resource("campaign-audience", campaignId + "/" + audienceId);
        JsonApi.relate(record, "campaign", "campaign", campaignId);
        // The spec does not say whether an audience is a list or a segment: the id joins either.
        JsonApi.relate(record, "audience", "audience", audienceId);
        records.add(record);
      }
    }
    return records;
  }

  /** The {@code included} campaign messages, each tied to its campaign. */
  private static List<ObjectNode> campaignMessages(JsonNode document) {
    Map<String, String> campaignOfMessage = campaignOfMessage(document);
    List<ObjectNode> records = new ArrayList<>();
    for (JsonNode included : document.path("included")) {
      if (!"campaign-message".equals(included.path("type").asText())) {
        continue;
      }
      ObjectNode record = JsonApi.asRecord(included);
      // The channel sits inside the definition; as a column it tells the messages apart.
      JsonNode channel = included.path("attributes").path("definition").path("channel");
      if (channel.isTextual() && !JsonApi.attributes(record).has("channel")) {
        JsonApi.attributes(record).put("channel", channel.asText());
      }
      String campaignId = campaignOfMessage.get(included.path("id").asText());
      if (campaignId != null && JsonApi.relatedId(record, "campaign") == null) {
        JsonApi.relate(record, "campaign", "campaign", campaignId);
      }
      records.add(record);
    }
    return records;
  }

  /** Each message's {@code send_times[]}: key (campaign_message_id, datetime). */
  private static List<ObjectNode> sendTimes(JsonNode document) {
    List<ObjectNode> records = new ArrayList<>();
    for (JsonNode message : document.path("included")) {
      if (!"campaign-message".equals(message.path("type").asText())) {
        continue;
      }
      String messageId = message.path("id").asText();
      for (JsonNode sendTime : message.path("attributes").path("send_times")) {
        String datetime = sendTime.path("datetime").asText();
        ObjectNode record =
            JsonApi.resource("campaign-message-send-time", messageId + "@" + datetime);
        ObjectNode attributes = JsonApi.attributes(record);
        attributes.set("datetime", sendTime.path("datetime"));
        attributes.set("is_local", sendTime.path("is_local"));
        JsonApi.relate(record, "campaign-message", "campaign-message", messageId);
        records.add(record);
      }
    }
    return records;
  }

  /**
   * A campaign's messages with {@code include=template}: one record per message that has a
   * template, the template's attributes keyed by the message (key campaign_message_id).
   */
  private static List<ObjectNode> messageTemplates(JsonNode document) {
    Map<String, JsonNode> included = JsonApi.included(document);
    List<ObjectNode> records = new ArrayList<>();
    for (JsonNode message : JsonApi.data(document)) {
      String templateId = JsonApi.relatedId(message, "template");
      JsonNode template =
          templateId == null ? null : included.get(JsonApi.key("template", templateId));
      if (template == null) {
        continue;
      }
      ObjectNode record = JsonApi.copyOf(template);
      JsonApi.relate(record, "campaign-message", "campaign-message", message.path("id").asText());
      JsonApi.relate(record, "template", "template", templateId);
      records.add(record);
    }
    return records;
  }

  /** Members of a list or segment: the parent is added by the engine, the profile here. */
  private static List<ObjectNode> memberships(JsonNode document) {
    List<ObjectNode> records = new ArrayList<>();
    for (JsonNode profile : JsonApi.data(document)) {
      ObjectNode record = JsonApi.asRecord(profile);
      JsonApi.relate(record, "profile", "profile", profile.path("id").asText());
      records.add(record);
    }
    return records;
  }

  private static Map<String, String> campaignOfMessage(JsonNode document) {
    Map<String, String> campaignOfMessage = new HashMap<>();
    for (JsonNode campaign : JsonApi.data(document)) {
      for (JsonNode message :
          campaign.path("relationships").path("campaign-messages").path("data")) {
        campaignOfMessage.put(message.path("id").asText(), campaign.path("id").asText());
      }
    }
    return campaignOfMessage;
  }
}
