package io.kvsync.emulator.api;

import io.kvsync.emulator.api.filter.TypedFilter.TypedCondition;
import io.kvsync.emulator.api.paging.Page;
import io.kvsync.emulator.api.paging.Pager;
import io.kvsync.emulator.api.paging.SortOrder;
import io.kvsync.emulator.api.resources.AccountKind;
import io.kvsync.emulator.api.resources.CampaignKinds;
import io.kvsync.emulator.api.resources.CampaignKinds.CampaignKind;
import io.kvsync.emulator.api.resources.CampaignKinds.Estimation;
import io.kvsync.emulator.api.resources.CampaignKinds.EstimationKind;
import io.kvsync.emulator.api.resources.EventKind;
import io.kvsync.emulator.api.resources.FlowKinds;
import io.kvsync.emulator.api.resources.GroupKind;
import io.kvsync.emulator.api.resources.MetricKind;
import io.kvsync.emulator.api.resources.ProfileKind;
import io.kvsync.emulator.api.resources.TemplateKind;
import io.kvsync.emulator.data.Campaign;
import io.kvsync.emulator.data.CampaignMessage;
import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.data.Event;
import io.kvsync.emulator.data.EventLog;
import io.kvsync.emulator.data.Flow;
import io.kvsync.emulator.data.FlowAction;
import io.kvsync.emulator.data.FlowMessage;
import io.kvsync.emulator.data.Group;
import io.kvsync.emulator.data.Membership;
import io.kvsync.emulator.data.Metric;
import io.kvsync.emulator.data.Table;
import io.kvsync.emulator.data.Template;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Every implemented GET endpoint, by the spec's path template. */
public final class ApiEndpoints {

  private ApiEndpoints() {}

  public static Map<String, EndpointHandler> all() {
    Map<String, EndpointHandler> h = new LinkedHashMap<>();
    h.put("/api/accounts", c -> c.collection(AccountKind.INSTANCE, List.of(c.data().account())));

    h.put(
        "/api/metrics",
        c ->
            c.collection(
                MetricKind.INSTANCE,
                page(
                    c,
                    c.data().metrics().rows(),
                    MetricKind::filterValue,
                    (m, f) -> m.id(),
                    Metric::id,
                    "id")));
    h.put(
        "/api/metrics/{id}",
        c -> c.single(MetricKind.INSTANCE, find(c, c.data().metrics(), "metric")));

    h.put("/api/profiles", ApiEndpoints::profiles);
    h.put(
        "/api/profiles/{id}",
        c ->
            c.single(
                new ProfileKind(
                    c.query().additional("profile", "subscriptions"),
                    c.query().additional("profile", "predictive_analytics"),
                    false,
                    c.data()),
                new ProfileKind.Row(find(c, c.data().profiles(), "profile"), null)));

    h.put("/api/events", ApiEndpoints::events);
    h.put(
        "/api/events/{id}",
        c -> {
          Event event = c.data().events().find(c.pathParam("id"));
          if (event == null) {
            throw notFound("event", c.pathParam("id"));
          }
          return c.single(new EventKind(c.data()), event);
        });

    groupEndpoints(h, "lists", false);
    groupEndpoints(h, "segments", true);

    h.put(
        "/api/flows",
        c ->
            c.collection(
                new FlowKinds.FlowKind(c.data(), false),
                page(
                    c,
                    c.data().flows().rows(),
                    FlowKinds::flowFilterValue,
                    FlowKinds::flowSortKey,
                    Flow::id,
                    "id")));
    h.put(
        "/api/flows/{id}",
        c ->
            c.single(
                new FlowKinds.FlowKind(c.data(), c.query().additional("flow", "definition")),
                find(c, c.data().flows(), "flow")));
    h.put(
        "/api/flows/{id}/flow-actions",
        c -> {
          String flowId = find(c, c.data().flows(), "flow").id();
          return c.collection(
              new FlowKinds.ActionKind(c.data()),
              page(
                  c,
                  c.data().flowActions().rows().stream()
                      .filter(a -> a.flowId().equals(flowId))
                      .toList(),
                  FlowKinds::actionFilterValue,
                  FlowKinds::actionSortKey,
                  FlowAction::id,
                  "id"));
        });
    h.put(
        "/api/flow-actions/{id}",
        c ->
            c.single(
                new FlowKinds.ActionKind(c.data()),
                find(c, c.data().flowActions(), "flow action")));
    h.put(
        "/api/flow-actions/{id}/flow-messages",
        c -> {
          String actionId = find(c, c.data().flowActions(), "flow action").id();
          return c.collection(
              new FlowKinds.MessageKind(c.data()),
              page(
                  c,
                  c.data().flowMessages().rows().stream()
                      .filter(m -> m.actionId().equals(actionId))
                      .toList(),
                  FlowKinds::messageFilterValue,
                  FlowKinds::messageSortKey,
                  FlowMessage::id,
                  "id"));
        });
    h.put(
        "/api/flow-messages/{id}",
        c ->
            c.single(
                new FlowKinds.MessageKind(c.data()),
                find(c, c.data().flowMessages(), "flow message")));

    h.put("/api/campaigns", ApiEndpoints::campaigns);
    h.put(
        "/api/campaigns/{id}",
        c -> c.single(new CampaignKind(c.data()), find(c, c.data().campaigns(), "campaign")));
    h.put(
        "/api/campaigns/{id}/campaign-messages",
        c -> {
          String campaignId = find(c, c.data().campaigns(), "campaign").id();
          List<CampaignMessage> messages =
              c.data().campaignMessages().rows().stream()
                  .filter(m -> m.campaignId().equals(campaignId))
                  .sorted(Comparator.comparing(CampaignMessage::id))
                  .toList();
          return c.collection(new CampaignKinds.MessageKind(c.data()), messages);
        });
    h.put(
        "/api/campaign-messages/{id}",
        c ->
            c.single(
                new CampaignKinds.MessageKind(c.data()),
                find(c, c.data().campaignMessages(), "campaign message")));
    h.put(
        "/api/campaign-messages/{id}/template",
        c -> {
          CampaignMessage message = find(c, c.data().campaignMessages(), "campaign message");
          Template template =
              message.templateId() == null
                  ? null
                  : c.data().templates().find(message.templateId()).orElse(null);
          return c.single(TemplateKind.INSTANCE, template);
        });
    h.put(
        "/api/templates/{id}",
        c -> c.single(TemplateKind.INSTANCE, find(c, c.data().templates(), "template")));
    h.put(
        "/api/campaign-recipient-estimations/{id}",
        c -> {
          String campaignId = c.pathParam("id");
          Integer count = c.data().estimations().get(campaignId);
          if (count == null || c.data().campaigns().find(campaignId).isEmpty()) {
            throw ApiError.notFound(
                "No recipient estimation exists for campaign " + campaignId + ".");
          }
          return c.single(EstimationKind.INSTANCE, new Estimation(campaignId, count));
        });
    return h;
  }

  private static ProfileKind profileKind(ApiCall c, boolean member) {
    return new ProfileKind(
        c.query().additional("profile", "subscriptions"),
        c.query().additional("profile", "predictive_analytics"),
        member);
  }

  private static Buffer profiles(ApiCall c) {
    List<ProfileKind.Row> rows =
        c.data().profiles().rows().stream().map(p -> new ProfileKind.Row(p, null)).toList();
    return c.collection(
        profileKind(c, false),
        page(c, rows, ProfileKind::filterValue, ProfileKind::sortKey, r -> r.profile().id(), "id"));
  }

  private static Buffer events(ApiCall c) {
    Instant from = null;
    Instant to = null;
    String metricEquals = null;
    List<String> metricAny = null;
    String profileEquals = null;
    for (TypedCondition condition : c.query().filter().conditions()) {
      Object value = condition.value();
      if (condition.field().equals("timestamp") && value instanceof Double seconds) {
        value = Instant.ofEpochSecond((long) Math.floor(seconds));
      }
      switch (condition.field()) {
        case "datetime", "timestamp" -> {
          Instant bound = (Instant) value;
          switch (condition.operator()) {
            case "greater-than", "greater-or-equal" -> from = later(from, bound);
            case "less-than", "less-or-equal" -> to = earlier(to, bound);
            default -> {}
          }
        }
        case "metric_id" -> {
          if (value instanceof List<?> list) {
            metricAny = list.stream().map(Object::toString).toList();
          } else {
            metricEquals = (String) value;
          }
        }
        case "profile_id" -> profileEquals = (String) value;
        default -> {}
      }
    }
    var predicate =
        c.query()
            .filter()
            .<Event>compile(
                (e, field) ->
                    switch (field) {
                      case "metric_id", "metric" -> e.metricId();
                      case "profile_id", "profile" -> e.profileId();
                      case "datetime" -> e.datetime();
                      case "timestamp" -> (double) e.timestamp();
                      default -> null;
                    });
    Page<Event> page =
        c.data()
            .events()
            .page(
                new EventLog.Selection(from, to, metricEquals, metricAny, profileEquals),
                predicate,
                c.query().descending(),
                c.query().cursor(),
                c.query().pageSize());
    return c.collection(new EventKind(c.data()), page);
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  private static void groupEndpoints(
      Map<String, EndpointHandler> h, String collection, boolean segment) {
    Function<Dataset, Table<Group>> groups = d -> segment ? d.segments() : d.lists();
    Function<Dataset, Table<Membership>> members =
        d -> segment ? d.segmentMembers() : d.listMembers();
    String noun = segment ? "segment" : "list";
    GroupKind plain = segment ? GroupKind.SEGMENT : GroupKind.LIST;
    h.put(
        "/api/" + collection,
        c ->
            c.collection(
                plain,
                page(
                    c,
                    groups.apply(c.data()).rows(),
                    GroupKind::filterValue,
                    GroupKind::sortKey,
                    Group::id,
                    "id")));
    h.put(
        "/api/" + collection + "/{id}",
        c -> {
          Group group = find(c, groups.apply(c.data()), noun);
          GroupKind kind =
              c.query().additional(noun, "profile_count")
                  ? new GroupKind(segment, id -> memberRows(c, members.apply(c.data()), id).size())
                  : plain;
          return c.single(kind, group);
        });
    h.put(
        "/api/" + collection + "/{id}/profiles",
        c -> {
          String groupId = find(c, groups.apply(c.data()), noun).id();
          return c.collection(
              profileKind(c, true),
              page(
                  c,
                  memberRows(c, members.apply(c.data()), groupId),
                  ProfileKind::filterValue,
                  ProfileKind::sortKey,
                  r -> r.profile().id(),
                  "joined_group_at"));
        });
    h.put(
        "/api/" + collection + "/{id}/relationships/profiles",
        c -> {
          String groupId = find(c, groups.apply(c.data()), noun).id();
          return c.identifiers(
              ProfileKind.PLAIN,
              page(
                  c,
                  memberRows(c, members.apply(c.data()), groupId),
                  ProfileKind::filterValue,
                  ProfileKind::sortKey,
                  r -> r.profile().id(),
                  "joined_group_at"));
        });
  }

  private static List<ProfileKind.Row> memberRows(
      ApiCall c, Table<Membership> members, String groupId) {
    return members.rows().stream()
        .filter(m -> m.groupId().equals(groupId))
        .map(
            m ->
                c.data()
                    .profiles()
                    .find(m.profileId())
                    .map(p -> new ProfileKind.Row(p, m.joinedAt()))
                    .orElse(null))
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  private static Buffer campaigns(ApiCall c) {
    boolean channelGiven =
        c.query().filter().conditions().stream()
            .anyMatch(cond -> cond.field().equals("messages.channel"));
    if (!channelGiven) {
      throw ApiError.invalidParameter(
          "filter",
          "A channel filter is required to list campaigns. Please try adding either"
              + " equals(messages.channel,'email'), equals(messages.channel,'sms') or"
              + " equals(messages.channel,'mobile_push') to your filter.");
    }
    return c.collection(
        new CampaignKind(c.data()),
        page(
            c,
            c.data().campaigns().rows(),
            CampaignKinds::campaignFilterValue,
            CampaignKinds::campaignSortKey,
            Campaign::id,
            "unsorted"));
  }

  /** Keyset paging over a collection with the request's filter, sort, cursor and page size. */
  private static <T> Page<T> page(
      ApiCall c,
      Iterable<T> items,
      BiFunction<T, String, Object> filterValue,
      BiFunction<T, String, String> sortKey,
      Function<T, String> id,
      String defaultSort) {
    String field = c.query().sortField(defaultSort);
    SortOrder<T> order =
        new SortOrder<>(item -> sortKey.apply(item, field), id, c.query().descending());
    return Pager.page(
        items,
        c.query().filter().compile(filterValue::apply),
        order,
        c.query().cursor(),
        c.query().pageSize());
  }

  private static <T> T find(ApiCall c, Table<T> table, String noun) {
    String id = c.pathParam("id");
    return table.find(id).orElseThrow(() -> notFound(noun, id));
  }

  static ApiError notFound(String type, String id) {
    return ApiError.notFound("A " + type + " with id " + id + " does not exist.");
  }
}
