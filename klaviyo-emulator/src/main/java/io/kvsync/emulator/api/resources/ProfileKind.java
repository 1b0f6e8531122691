package io.kvsync.emulator.api.resources;

import io.kvsync.emulator.api.json.AttributeWriter;
import io.kvsync.emulator.api.json.RelationshipWriter;
import io.kvsync.emulator.api.json.ResourceKind;
import io.kvsync.emulator.api.json.Timestamps;
import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.data.Group;
import io.kvsync.emulator.data.IdCodecs;
import io.kvsync.emulator.data.Membership;
import io.kvsync.emulator.data.Profile;
import io.kvsync.emulator.data.Table;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code type "profile"}, as a plain profile or as a list/segment member (then with {@code
 * joined_group_at}). Subscriptions and predictive analytics are written only when asked for through
 * {@code additional-fields[profile]}.
 */
public final class ProfileKind implements ResourceKind<ProfileKind.Row> {

  /** A profile and, for membership listings, when it joined the group. */
  public record Row(Profile profile, Instant joinedGroupAt) {}

  private final boolean subscriptions;
  private final boolean predictive;
  private final boolean member;
  private final Dataset groups;

  public ProfileKind(boolean subscriptions, boolean predictive, boolean member) {
    this(subscriptions, predictive, member, null);
  }

  /**
   * @param groups where to look up the profile's lists and segments for {@code include=}; null when
   *     the endpoint cannot include them
   */
  public ProfileKind(boolean subscriptions, boolean predictive, boolean member, Dataset groups) {
    this.subscriptions = subscriptions;
    this.predictive = predictive;
    this.member = member;
    this.groups = groups;
  }

  public static final ProfileKind PLAIN = new ProfileKind(false, false, false);

  @Override
  public String type() {
    return "profile";
  }

  @Override
  public String collection() {
    return "profiles";
  }

  @Override
  public String id(Row row) {
    return row.profile().id();
  }

  @Override
  public void attributes(Row row, AttributeWriter out) throws IOException {
    Profile p = row.profile();
    out.string("email", p.email());
    out.string("phone_number", p.phoneNumber());
    out.string("external_id", p.externalId());
    out.string("first_name", p.firstName());
    out.string("last_name", p.lastName());
    out.string("organization", p.organization());
    out.string("locale", p.locale());
    out.string("title", p.title());
    out.string("image", p.image());
    out.instant("created", p.created());
    out.instant("updated", p.updated());
    out.instant("last_event_date", p.lastEventDate());
    out.object(
        "location",
        location -> {
          for (Map.Entry<String, Object> field : p.location().entrySet()) {
            location.json(field.getKey(), field.getValue());
          }
        });
    out.json("properties", p.properties());
    if (member) {
      out.instant("joined_group_at", row.joinedGroupAt());
    }
    if (subscriptions) {
      out.json("subscriptions", subscriptionsOf(p));
    }
    if (predictive) {
      out.json("predictive_analytics", predictiveOf(p));
    }
  }

  @Override
  public void relationships(Row row, RelationshipWriter out) throws IOException {
    if (groups == null) {
      out.emptyToMany("lists");
      out.emptyToMany("segments");
    } else {
      String id = row.profile().id();
      out.toMany("lists", GroupKind.LIST, groupsOf(groups.listMembers(), groups.lists(), id));
      out.toMany(
          "segments", GroupKind.SEGMENT, groupsOf(groups.segmentMembers(), groups.segments(), id));
    }
    out.emptyToMany("push-tokens");
    if (!member) {
      out.emptyToMany("conversations");
    }
  }

  private static List<Group> groupsOf(
      Table<Membership> members, Table<Group> groups, String profileId) {
    return members.rows().stream()
        .filter(m -> m.profileId().equals(profileId))
        .map(m -> groups.find(m.groupId()).orElse(null))
        .filter(java.util.Objects::nonNull)
        .sorted(java.util.Comparator.comparing(Group::id))
        .toList();
  }

  private static Map<String, Object> subscriptionsOf(Profile p) {
    boolean consented = p.email() != null && IdCodecs.bucket(p.id(), 3) != 0;
    Map<String, Object> emailMarketing = new java.util.LinkedHashMap<>();
    emailMarketing.put("can_receive_email_marketing", consented);
    emailMarketing.put("consent", consented ? "SUBSCRIBED" : "NEVER_SUBSCRIBED");
    emailMarketing.put("consent_timestamp", consented ? Timestamps.format(p.created()) : null);
    emailMarketing.put("last_updated", Timestamps.format(p.updated()));
    emailMarketing.put("method", consented ? "FORM" : null);
    emailMarketing.put("method_detail", consented ? "Pop-up ✨" : null);
    emailMarketing.put("double_optin", false);
    emailMarketing.put("suppression", List.of());
    emailMarketing.put("list_suppressions", List.of());
    Map<String, Object> sms = new java.util.LinkedHashMap<>();
    sms.put("can_receive_sms_marketing", p.phoneNumber() != null);
    sms.put("consent", p.phoneNumber() != null ? "SUBSCRIBED" : "NEVER_SUBSCRIBED");
    sms.put("consent_timestamp", p.phoneNumber() != null ? Timestamps.format(p.created()) : null);
    return Map.of(
        "email", Map.of("marketing", emailMarketing),
        "sms", Map.of("marketing", sms),
        "mobile_push",
            Map.of(
                "marketing",
                Map.of("can_receive_push_marketing", false, "consent", "NEVER_SUBSCRIBED")));
  }

  private static Map<String, Object> predictiveOf(Profile p) {
    int bucket = IdCodecs.bucket(p.id(), 1000);
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("historic_clv", bucket / 3.0);
    out.put("predicted_clv", bucket / 4.0);
    out.put("total_clv", bucket / 3.0 + bucket / 4.0);
    out.put("historic_number_of_orders", bucket % 7);
    out.put("predicted_number_of_orders", (bucket % 5) / 2.0);
    out.put("average_days_between_orders", bucket % 2 == 0 ? null : 30.5);
    out.put("average_order_value", 42.25);
    out.put("churn_probability", (bucket % 100) / 100.0);
    out.put("expected_date_of_next_order", null);
    out.put("ranked_channel_affinity", List.of("email", "sms"));
    return out;
  }

  /** Values for {@code filter=}. */
  public static Object filterValue(Row row, String field) {
    Profile p = row.profile();
    return switch (field) {
      case "id" -> p.id();
      case "email" -> p.email();
      case "phone_number" -> p.phoneNumber();
      case "external_id" -> p.externalId();
      case "created" -> p.created();
      case "updated" -> p.updated();
      case "joined_group_at" -> row.joinedGroupAt();
      case "profile_id" -> p.id();
      default -> null;
    };
  }

  /** Sortable keys for {@code sort=}. */
  public static String sortKey(Row row, String field) {
    Profile p = row.profile();
    return switch (field) {
      case "created" -> Timestamps.sortable(p.created());
      case "updated" -> Timestamps.sortable(p.updated());
      case "email" -> p.email() == null ? "" : p.email();
      case "joined_group_at" -> Timestamps.sortable(row.joinedGroupAt());
      case "id" -> p.id();
      default -> "";
    };
  }
}
