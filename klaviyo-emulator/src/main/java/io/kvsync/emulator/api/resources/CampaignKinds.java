package io.kvsync.emulator.api.resources;

import io.kvsync.emulator.api.json.AttributeWriter;
import io.kvsync.emulator.api.json.RelationshipWriter;
import io.kvsync.emulator.api.json.ResourceKind;
import io.kvsync.emulator.api.json.Timestamps;
import io.kvsync.emulator.data.Campaign;
import io.kvsync.emulator.data.CampaignMessage;
import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.data.IdCodec;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code campaign}, {@code campaign-message} and {@code campaign-recipient-estimation}. */
public final class CampaignKinds {

  private CampaignKinds() {}

  static List<CampaignMessage> messagesOf(Dataset data, String campaignId) {
    return data.campaignMessages().rows().stream()
        .filter(m -> m.campaignId().equals(campaignId))
        .sorted(Comparator.comparing(CampaignMessage::id))
        .toList();
  }

  public static final class CampaignKind implements ResourceKind<Campaign> {
    private final Dataset data;

    public CampaignKind(Dataset data) {
      this.data = data;
    }

    @Override
    public String type() {
      return "campaign";
    }

    @Override
    public String collection() {
      return "campaigns";
    }

    @Override
    public String id(Campaign item) {
      return item.id();
    }

    @Override
    public void attributes(Campaign c, AttributeWriter out) throws IOException {
      out.string("name", c.name());
      out.string("status", c.status());
      out.bool("archived", c.archived());
      Map<String, Object> audiences = new LinkedHashMap<>();
      audiences.put("included", c.includedAudiences());
      audiences.put("excluded", c.excludedAudiences());
      out.json("audiences", audiences);
      out.json("send_options", c.sendOptions());
      out.json("tracking_options", c.trackingOptions());
      out.json("send_strategy", c.sendStrategy());
      out.instant("created_at", c.createdAt());
      out.instant("scheduled_at", c.scheduledAt());
      out.instant("updated_at", c.updatedAt());
      out.instant("send_time", c.sendTime());
    }

    @Override
    public void relationships(Campaign c, RelationshipWriter out) throws IOException {
      out.toMany("campaign-messages", new MessageKind(data), messagesOf(data, c.id()));
      out.emptyToMany("tags");
    }
  }

  public static Object campaignFilterValue(Campaign c, String field) {
    return switch (field) {
      case "id" -> c.id();
      case "messages.channel" -> c.channel();
      case "name" -> c.name();
      case "status" -> c.status();
      case "archived" -> c.archived();
      case "created_at" -> c.createdAt();
      case "scheduled_at" -> c.scheduledAt();
      case "updated_at" -> c.updatedAt();
      default -> null;
    };
  }

  /**
   * Sort keys. Without {@code sort=} Klaviyo returns campaigns in no particular order: the emulator
   * uses a hash of the id, stable for paging but unrelated to any attribute.
   */
  public static String campaignSortKey(Campaign c, String field) {
    return switch (field) {
      case "created_at" -> Timestamps.sortable(c.createdAt());
      case "updated_at" -> Timestamps.sortable(c.updatedAt());
      case "scheduled_at" -> Timestamps.sortable(c.scheduledAt());
      case "name" -> c.name();
      case "id" -> c.id();
      default -> Long.toHexString(IdCodec.mixPublic(c.id().hashCode()));
    };
  }

  public static final class MessageKind implements ResourceKind<CampaignMessage> {
    private final Dataset data;

    public MessageKind(Dataset data) {
      this.data = data;
    }

    @Override
    public String type() {
      return "campaign-message";
    }

    @Override
    public String collection() {
      return "campaign-messages";
    }

    @Override
    public String id(CampaignMessage item) {
      return item.id();
    }

    @Override
    public void attributes(CampaignMessage m, AttributeWriter out) throws IOException {
      out.json("definition", m.definition());
      out.json("send_times", m.sendTimes());
      out.instant("created_at", m.createdAt());
      out.instant("updated_at", m.updatedAt());
    }

    @Override
    public void relationships(CampaignMessage m, RelationshipWriter out) throws IOException {
      Campaign campaign = data.campaigns().find(m.campaignId()).orElse(null);
      if (campaign != null) {
        out.toOne("campaign", new CampaignKind(data), campaign);
      } else {
        out.toOneId("campaign", "campaign", m.campaignId());
      }
      out.toOne(
          "template",
          TemplateKind.INSTANCE,
          m.templateId() == null ? null : data.templates().find(m.templateId()).orElse(null));
      out.toOneId("image", "image", null);
    }
  }

  /** The estimate of one campaign: its id is the campaign id. */
  public record Estimation(String campaignId, int count) {}

  public static final class EstimationKind implements ResourceKind<Estimation> {
    public static final EstimationKind INSTANCE = new EstimationKind();

    @Override
    public String type() {
      return "campaign-recipient-estimation";
    }

    @Override
    public String collection() {
      return "campaign-recipient-estimations";
    }

    @Override
    public String id(Estimation item) {
      return item.campaignId();
    }

    @Override
    public boolean hasRelationships() {
      return false;
    }

    @Override
    public void attributes(Estimation e, AttributeWriter out) throws IOException {
      out.number("estimated_recipient_count", e.count());
    }
  }
}
