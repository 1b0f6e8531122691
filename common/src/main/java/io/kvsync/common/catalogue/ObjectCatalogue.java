package io.kvsync.common.catalogue;

import io.kvsync.common.catalogue.EndpointPlan.ListingVariant;
import io.kvsync.common.catalogue.EndpointPlan.ParentSource;
import io.kvsync.common.catalogue.EndpointPlan.RecordSource;
import io.kvsync.common.catalogue.EndpointPlan.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The 18 Klaviyo v2 objects, as data. Each entry is the cheapest plan that is still complete (see
 * the extractor's BEHAVIOR.md for the reasoning per object).
 */
public final class ObjectCatalogue {

  public static final String METRIC = "metric_v2";
  public static final String EVENT = "event_v2";
  public static final String PROFILE = "profile_v2";
  public static final String LIST = "list_v2";
  public static final String SEGMENT = "segment_v2";
  public static final String PROFILE_LIST = "profile_list_v2";
  public static final String PROFILE_SEGMENT = "profile_segment_v2";
  public static final String FLOW = "flow_v2";
  public static final String FLOW_ACTION = "flow_action_v2";
  public static final String FLOW_MESSAGES = "flow_messages_v2";
  public static final String CAMPAIGN = "campaign_v2";
  public static final String CAMPAIGN_UTM_PARAM = "campaign_utm_param_v2";
  public static final String AUDIENCE_INCLUDED = "audience_included_v2";
  public static final String AUDIENCE_EXCLUDED = "audience_excluded_v2";
  public static final String CAMPAIGN_MESSAGES = "campaign_messages_v2";
  public static final String CAMPAIGN_MESSAGE_TEMPLATE = "campaign_message_template_v2";
  public static final String CAMPAIGN_MESSAGE_SEND_TIME = "campaign_message_send_time_v2";
  public static final String CAMPAIGN_RECIPIENT_ESTIMATION = "campaign_recipient_estimation_v2";

  /** Flow action types whose definition holds a message (the only ones with flow messages). */
  public static final List<String> MESSAGING_ACTION_TYPES =
      List.of(
          "send-email",
          "send-sms",
          "send-mobile-push",
          "send-webhook",
          "send-internal-alert",
          "send-whatsapp",
          "content-experiment",
          "ab-test");

  /** Tables re-read whole once a week: removals from lists and segments leave no other trace. */
  static final Set<String> WEEKLY_FULL_RESYNC = Set.of(PROFILE_LIST, PROFILE_SEGMENT);

  private static final List<String> ID = List.of("id");
  private static final Set<String> CREATED_UPDATED = Set.of("created", "updated");

  /** Archived campaigns and flows are only listed when asked for: read both states. */
  private static final List<String> ARCHIVED_STATES = List.of("false", "true");

  private static final Map<String, ObjectDefinition> OBJECTS = new LinkedHashMap<>();

  static {
    add(
        new ObjectDefinition(
            METRIC,
            SyncMode.FULL_LOAD,
            ID,
            null,
            null,
            collection("/api/metrics", "metric", RateTier.M, 0, null, LowerBound.NONE, false)
                .build(),
            shape(CREATED_UPDATED)));
    add(
        new ObjectDefinition(
            EVENT,
            SyncMode.INCREMENTAL,
            ID,
            "datetime",
            null,
            collection(
                    "/api/events",
                    "event",
                    RateTier.XL,
                    200,
                    "datetime",
                    LowerBound.GREATER_OR_EQUAL,
                    true)
                // Ids only: guarantees relationships.metric/profile.data without the payloads.
                .param("include", "metric,profile")
                .param("fields[metric]", "id")
                .param("fields[profile]", "id")
                .build(),
            shape(Set.of("datetime"))));
    add(
        new ObjectDefinition(
            PROFILE,
            SyncMode.INCREMENTAL,
            ID,
            "updated",
            null,
            collection(
                    "/api/profiles",
                    "profile",
                    RateTier.L,
                    100,
                    "updated",
                    LowerBound.GREATER_THAN,
                    true)
                .param("additional-fields[profile]", "subscriptions")
                .build(),
            new RowShape(Set.of("created", "updated", "last_event_date"), Set.of("location"))));
    add(
        new ObjectDefinition(
            LIST,
            SyncMode.INCREMENTAL,
            ID,
            "updated",
            null,
            collection(
                    "/api/lists", "list", RateTier.L, 10, "updated", LowerBound.GREATER_THAN, false)
                .build(),
            shape(CREATED_UPDATED)));
    add(
        new ObjectDefinition(
            SEGMENT,
            SyncMode.INCREMENTAL,
            ID,
            "updated",
            null,
            collection(
                    "/api/segments",
                    "segment",
                    RateTier.L,
                    10,
                    "updated",
                    LowerBound.GREATER_THAN,
                    false)
                .build(),
            shape(CREATED_UPDATED)));
    add(membership(PROFILE_LIST, LIST, "list", "/api/lists/{parent_id}/profiles"));
    add(membership(PROFILE_SEGMENT, SEGMENT, "segment", "/api/segments/{parent_id}/profiles"));
    add(
        new ObjectDefinition(
            FLOW,
            SyncMode.INCREMENTAL,
            ID,
            "updated",
            null,
            collection(
                    "/api/flows",
                    "flow",
                    RateTier.S,
                    50,
                    "updated",
                    LowerBound.GREATER_OR_EQUAL,
                    true)
                .variants(archivedStates(List.of(), Map.of()))
                .build(),
            shape(CREATED_UPDATED)));
    add(
        new ObjectDefinition(
            FLOW_ACTION,
            SyncMode.INCREMENTAL,
            ID,
            "updated",
            FLOW,
            collection(
                    "/api/flows/{parent_id}/flow-actions",
                    "flow-action",
                    RateTier.S,
                    50,
                    "updated",
                    LowerBound.GREATER_OR_EQUAL,
                    true)
                .parent(new ParentSource(FLOW, "flow", List.of()))
                .build(),
            // definition.type and .id become columns; definition.data (status, message) jsonb.
            new RowShape(CREATED_UPDATED, Set.of("definition"))));
    add(
        new ObjectDefinition(
            FLOW_MESSAGES,
            SyncMode.INCREMENTAL,
            ID,
            "updated",
            FLOW_ACTION,
            collection(
                    "/api/flow-actions/{parent_id}/flow-messages",
                    "flow-message",
                    RateTier.S,
                    50,
                    "updated",
                    LowerBound.GREATER_OR_EQUAL,
                    true)
                .parent(new ParentSource(FLOW_ACTION, "flow-action", MESSAGING_ACTION_TYPES))
                .build(),
            shape(CREATED_UPDATED)));
    add(
        new ObjectDefinition(
            CAMPAIGN,
            SyncMode.FULL_LOAD,
            ID,
            null,
            null,
            collection("/api/campaigns", "campaign", RateTier.M, 100, null, LowerBound.NONE, false)
                // The messages come along: campaign_messages_v2 and send times need no calls.
                .param("include", "campaign-messages")
                .variants(campaignListings())
                .build(),
            shape(Set.of("created_at", "scheduled_at", "updated_at", "send_time"))));
    add(derived(CAMPAIGN_UTM_PARAM, List.of("campaign_id", "name"), shape(Set.of())));
    add(derived(AUDIENCE_INCLUDED, List.of("campaign_id", "audience_id"), shape(Set.of())));
    add(derived(AUDIENCE_EXCLUDED, List.of("campaign_id", "audience_id"), shape(Set.of())));
    add(derived(CAMPAIGN_MESSAGES, ID, shape(Set.of("created_at", "updated_at"))));
    add(
        derived(
            CAMPAIGN_MESSAGE_SEND_TIME,
            List.of("campaign_message_id", "datetime"),
            shape(Set.of("datetime"))));
    add(
        new ObjectDefinition(
            CAMPAIGN_MESSAGE_TEMPLATE,
            SyncMode.FULL_LOAD,
            List.of("campaign_message_id"),
            null,
            CAMPAIGN,
            collection(
                    "/api/campaigns/{parent_id}/campaign-messages",
                    "campaign-message",
                    RateTier.M,
                    0,
                    null,
                    LowerBound.NONE,
                    false)
                .param("include", "template")
                .parent(new ParentSource(CAMPAIGN, "campaign", List.of()))
                .records(RecordSource.DERIVED)
                .build(),
            shape(CREATED_UPDATED)));
    add(
        new ObjectDefinition(
            CAMPAIGN_RECIPIENT_ESTIMATION,
            SyncMode.FULL_LOAD,
            List.of("campaign_id"),
            null,
            CAMPAIGN,
            collection(
                    "/api/campaign-recipient-estimations/{parent_id}",
                    "campaign-recipient-estimation",
                    RateTier.M,
                    0,
                    null,
                    LowerBound.NONE,
                    false)
                .response(Response.OPTIONAL_SINGLE)
                .parent(new ParentSource(CAMPAIGN, "campaign", List.of()))
                .build(),
            shape(Set.of())));
  }

  private ObjectCatalogue() {}

  private static ObjectDefinition membership(
      String table, String parentTable, String relationship, String path) {
    return new ObjectDefinition(
        table,
        SyncMode.INCREMENTAL,
        List.of(relationship + "_id", "profile_id"),
        "joined_group_at",
        parentTable,
        collection(
                path,
                "profile",
                RateTier.L,
                100,
                "joined_group_at",
                LowerBound.GREATER_OR_EQUAL,
                true)
            // The membership needs only its join time; the profile itself is profile_v2's.
            .param("fields[profile]", "joined_group_at")
            .parent(new ParentSource(parentTable, relationship, List.of()))
            .records(RecordSource.DERIVED)
            .build(),
        shape(Set.of("joined_group_at")));
  }

  private static ObjectDefinition derived(String table, List<String> key, RowShape shape) {
    EndpointPlan plan =
        new EndpointPlan(
            null,
            null,
            RateTier.M,
            Response.COLLECTION,
            0,
            null,
            LowerBound.NONE,
            false,
            Map.of(),
            List.of(ListingVariant.WHOLE),
            null,
            RecordSource.DERIVED,
            CAMPAIGN);
    return new ObjectDefinition(table, SyncMode.FULL_LOAD, key, null, null, plan, shape);
  }

  /** Campaign listings need a channel filter; each channel is listed archived and not. */
  private static List<ListingVariant> campaignListings() {
    List<ListingVariant> listings = new ArrayList<>();
    for (String channel : List.of("email", "sms", "mobile_push")) {
      listings.addAll(
          archivedStates(
              List.of("equals(messages.channel,'" + channel + "')"), Map.of("channel", channel)));
    }
    return List.copyOf(listings);
  }

  private static List<ListingVariant> archivedStates(
      List<String> filters, Map<String, String> context) {
    List<ListingVariant> listings = new ArrayList<>();
    for (String archived : ARCHIVED_STATES) {
      List<String> all = new ArrayList<>(filters);
      all.add("equals(archived," + archived + ")");
      listings.add(new ListingVariant(List.copyOf(all), context));
    }
    return listings;
  }

  private static RowShape shape(Set<String> datetimes) {
    return new RowShape(datetimes, Set.of());
  }

  private static PlanBuilder collection(
      String path,
      String type,
      RateTier tier,
      int pageSize,
      String sortField,
      LowerBound lowerBound,
      boolean upperBounded) {
    return new PlanBuilder(path, type, tier, pageSize, sortField, lowerBound, upperBounded);
  }

  private static void add(ObjectDefinition definition) {
    OBJECTS.put(definition.table(), definition);
  }

  public static List<ObjectDefinition> all() {
    return List.copyOf(OBJECTS.values());
  }

  public static Optional<ObjectDefinition> find(String table) {
    return Optional.ofNullable(OBJECTS.get(table));
  }

  /**
   * @throws IllegalArgumentException naming the known tables when {@code table} is not one
   */
  public static ObjectDefinition get(String table) {
    return find(table)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown object '" + table + "'; known objects: " + OBJECTS.keySet()));
  }

  /** The tables whose records ride on {@code table}'s responses. */
  public static List<ObjectDefinition> derivedFrom(String table) {
    return OBJECTS.values().stream().filter(d -> table.equals(d.plan().derivedFrom())).toList();
  }

  private static final class PlanBuilder {
    private final String path;
    private final String type;
    private final RateTier tier;
    private final int pageSize;
    private final String sortField;
    private final LowerBound lowerBound;
    private final boolean upperBounded;
    private final Map<String, String> params = new LinkedHashMap<>();
    private Response response = Response.COLLECTION;
    private List<ListingVariant> variants = List.of(ListingVariant.WHOLE);
    private ParentSource parent;
    private RecordSource records = RecordSource.RESOURCES;

    PlanBuilder(
        String path,
        String type,
        RateTier tier,
        int pageSize,
        String sortField,
        LowerBound lowerBound,
        boolean upperBounded) {
      this.path = path;
      this.type = type;
      this.tier = tier;
      this.pageSize = pageSize;
      this.sortField = sortField;
      this.lowerBound = lowerBound;
      this.upperBounded = upperBounded;
    }

    PlanBuilder param(String name, String value) {
      params.put(name, value);
      return this;
    }

    PlanBuilder response(Response value) {
      response = value;
      return this;
    }

    PlanBuilder variants(List<ListingVariant> value) {
      variants = value;
      return this;
    }

    PlanBuilder parent(ParentSource value) {
      parent = value;
      return this;
    }

    PlanBuilder records(RecordSource value) {
      records = value;
      return this;
    }

    EndpointPlan build() {
      return new EndpointPlan(
          path,
          type,
          tier,
          response,
          pageSize,
          sortField,
          lowerBound,
          upperBounded,
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params)),
          variants,
          parent,
          records,
          null);
    }
  }
}
