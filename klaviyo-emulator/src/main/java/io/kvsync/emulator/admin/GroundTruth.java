package io.kvsync.emulator.admin;

import io.kvsync.emulator.api.json.Timestamps;
import io.kvsync.emulator.data.Campaign;
import io.kvsync.emulator.data.CampaignMessage;
import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.data.Event;
import io.kvsync.emulator.data.Flow;
import io.kvsync.emulator.data.FlowAction;
import io.kvsync.emulator.data.FlowMessage;
import io.kvsync.emulator.data.Group;
import io.kvsync.emulator.data.Membership;
import io.kvsync.emulator.data.Metric;
import io.kvsync.emulator.data.Profile;
import io.kvsync.emulator.data.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What each destination table must hold after a full replication: one row per source object with
 * the table's key columns (catalogue names) and a few value columns, datetimes as Klaviyo writes
 * them. Rows come in key order; events stream, so five million never sit in memory at once. Deleted
 * keys are those removed through the admin API (plus everything hanging off them).
 */
public final class GroundTruth {

  /** One table: its key columns, its rows and the keys deleted from the source. */
  public interface TableTruth {
    List<String> keyColumns();

    Iterator<Map<String, Object>> rows(Dataset data);

    List<Map<String, Object>> deleted(Dataset data);
  }

  private record Definition(
      List<String> keyColumns,
      Function<Dataset, Iterator<Map<String, Object>>> rows,
      Function<Dataset, List<Map<String, Object>>> deleted)
      implements TableTruth {
    @Override
    public Iterator<Map<String, Object>> rows(Dataset data) {
      return rows.apply(data);
    }

    @Override
    public List<Map<String, Object>> deleted(Dataset data) {
      return deleted.apply(data);
    }
  }

  private static final Map<String, TableTruth> TABLES = new LinkedHashMap<>();

  static {
    byId(
        "profile_v2",
        Dataset::profiles,
        (Profile p) ->
            row("id", p.id(), "email", p.email(), "updated", Timestamps.format(p.updated())));
    TABLES.put(
        "event_v2",
        new Definition(
            List.of("id"),
            data -> map(data.events().all(), GroundTruth::eventRow),
            data -> List.of()));
    byId("metric_v2", Dataset::metrics, (Metric m) -> row("id", m.id(), "name", m.name()));
    byId(
        "list_v2",
        Dataset::lists,
        (Group g) ->
            row("id", g.id(), "name", g.name(), "updated", Timestamps.format(g.updated())));
    byId(
        "segment_v2",
        Dataset::segments,
        (Group g) ->
            row("id", g.id(), "name", g.name(), "updated", Timestamps.format(g.updated())));
    membership("profile_list_v2", "list_id", Dataset::listMembers, Dataset::lists);
    membership("profile_segment_v2", "segment_id", Dataset::segmentMembers, Dataset::segments);
    byId(
        "flow_v2",
        Dataset::flows,
        (Flow f) ->
            row("id", f.id(), "name", f.name(), "status", f.status(), "archived", f.archived()));
    byId(
        "flow_action_v2",
        Dataset::flowActions,
        (FlowAction a) ->
            row("id", a.id(), "flow_id", a.flowId(), "definition_type", a.actionType()));
    byId(
        "flow_messages_v2",
        Dataset::flowMessages,
        (FlowMessage m) ->
            row("id", m.id(), "flow_action_id", m.actionId(), "channel", m.channel()));
    byId(
        "campaign_v2",
        Dataset::campaigns,
        (Campaign c) ->
            row("id", c.id(), "name", c.name(), "channel", c.channel(), "archived", c.archived()));
    campaignChildren(
        "campaign_utm_param_v2",
        List.of("campaign_id", "name"),
        c ->
            c.utmParams().stream()
                .map(
                    p ->
                        row(
                            "campaign_id",
                            c.id(),
                            "name",
                            p.get("name"),
                            "type",
                            p.get("type"),
                            "value",
                            p.get("value"))));
    campaignChildren(
        "audience_included_v2",
        List.of("campaign_id", "audience_id"),
        c -> c.includedAudiences().stream().map(a -> row("campaign_id", c.id(), "audience_id", a)));
    campaignChildren(
        "audience_excluded_v2",
        List.of("campaign_id", "audience_id"),
        c ->
            c.excludedAudiences() == null
                ? Stream.empty()
                : c.excludedAudiences().stream()
                    .map(a -> row("campaign_id", c.id(), "audience_id", a)));
    messageChildren(
        "campaign_messages_v2",
        List.of("id"),
        (m, data) ->
            Stream.of(row("id", m.id(), "campaign_id", m.campaignId(), "channel", m.channel())));
    messageChildren(
        "campaign_message_template_v2",
        List.of("campaign_message_id"),
        (m, data) ->
            m.templateId() == null || data.templates().find(m.templateId()).isEmpty()
                ? Stream.empty()
                : Stream.of(row("campaign_message_id", m.id(), "template_id", m.templateId())));
    messageChildren(
        "campaign_message_send_time_v2",
        List.of("campaign_message_id", "datetime"),
        (m, data) ->
            m.sendTimes().stream()
                .map(
                    t ->
                        row(
                            "campaign_message_id",
                            m.id(),
                            "datetime",
                            Timestamps.format((java.time.Instant) t.get("datetime")),
                            "is_local",
                            t.get("is_local"))));
    TABLES.put(
        "campaign_recipient_estimation_v2",
        new Definition(
            List.of("campaign_id"),
            data ->
                data.campaigns().sortedById().stream()
                    .filter(c -> data.estimations().containsKey(c.id()))
                    .map(
                        c ->
                            row(
                                "campaign_id",
                                c.id(),
                                "estimated_recipient_count",
                                data.estimations().get(c.id())))
                    .iterator(),
            data -> keys("campaign_id", data.campaigns().deletedIds())));
  }

  private GroundTruth() {}

  private static <T> void byId(
      String table, Function<Dataset, Table<T>> source, Function<T, Map<String, Object>> toRow) {
    TABLES.put(
        table,
        new Definition(
            List.of("id"),
            data -> source.apply(data).sortedById().stream().map(toRow).iterator(),
            data -> keys("id", source.apply(data).deletedIds())));
  }

  private static void membership(
      String table,
      String groupColumn,
      Function<Dataset, Table<Membership>> members,
      Function<Dataset, Table<Group>> groups) {
    TABLES.put(
        table,
        new Definition(
            List.of(groupColumn, "profile_id"),
            data ->
                members.apply(data).rows().stream()
                    .filter(m -> data.profiles().find(m.profileId()).isPresent())
                    .sorted(
                        Comparator.comparing(Membership::groupId)
                            .thenComparing(Membership::profileId))
                    .map(
                        m ->
                            row(
                                groupColumn,
                                m.groupId(),
                                "profile_id",
                                m.profileId(),
                                "joined_group_at",
                                Timestamps.format(m.joinedAt())))
                    .iterator(),
            data ->
                members.apply(data).deletedIds().stream()
                    .map(
                        key ->
                            row(
                                groupColumn,
                                key.substring(0, key.indexOf('/')),
                                "profile_id",
                                key.substring(key.indexOf('/') + 1)))
                    .toList()));
  }

  private static void campaignChildren(
      String table,
      List<String> keyColumns,
      Function<Campaign, Stream<Map<String, Object>>> children) {
    TABLES.put(
        table,
        new Definition(
            keyColumns,
            data -> data.campaigns().sortedById().stream().flatMap(children).iterator(),
            data -> keys("campaign_id", data.campaigns().deletedIds())));
  }

  private static void messageChildren(
      String table,
      List<String> keyColumns,
      java.util.function.BiFunction<CampaignMessage, Dataset, Stream<Map<String, Object>>>
          children) {
    TABLES.put(
        table,
        new Definition(
            keyColumns,
            data ->
                data.campaignMessages().sortedById().stream()
                    .filter(m -> data.campaigns().find(m.campaignId()).isPresent())
                    .flatMap(m -> children.apply(m, data))
                    .iterator(),
            data ->
                keys(
                    keyColumns.get(0).equals("id") ? "id" : "campaign_message_id",
                    data.campaignMessages().deletedIds())));
  }

  private static Map<String, Object> eventRow(Event e) {
    return row(
        "id",
        e.id(),
        "metric_id",
        e.metricId(),
        "profile_id",
        e.profileId(),
        "datetime",
        Timestamps.format(e.datetime()));
  }

  private static List<Map<String, Object>> keys(String column, List<String> ids) {
    List<Map<String, Object>> keys = new ArrayList<>();
    ids.forEach(id -> keys.add(row(column, id)));
    return keys;
  }

  private static <A, B> Iterator<B> map(Iterator<A> source, Function<A, B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public B next() {
        return f.apply(source.next());
      }
    };
  }

  static Map<String, Object> row(Object... pairs) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put((String) pairs[i], pairs[i + 1]);
    }
    return row;
  }

  public static Set<String> tables() {
    return new TreeSet<>(TABLES.keySet());
  }

  /**
   * @throws IllegalArgumentException naming the known tables
   */
  public static TableTruth of(String table) {
    TableTruth truth = TABLES.get(table);
    if (truth == null) {
      throw new IllegalArgumentException(
          "unknown table '" + table + "'; known: " + String.join(", ", TABLES.keySet()));
    }
    return truth;
  }
}
