package io.kvsync.emulator.data;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates every object but events, deterministically from the seed. Values are chosen to be
 * awkward for a replication pipeline: unicode and emoji, nulls, property keys with spaces, dots,
 * quotes, accents and leading digits, a property whose type changes between profiles, runs of
 * records sharing one timestamp, and a few timestamps years after the anchor.
 */
final class AccountGenerator {

  static final long PROFILE = 3;
  static final long LIST = 4;
  static final long SEGMENT = 5;
  static final long FLOW = 6;
  static final long ACTION = 7;
  static final long FLOW_MESSAGE = 8;
  static final long CAMPAIGN = 9;
  static final long CAMPAIGN_MESSAGE = 10;
  static final long TEMPLATE = 11;

  /** Profiles with these ordinals share one {@code updated} second (crosses page boundaries). */
  static final int SHARED_UPDATED_FROM = 10;

  static final int SHARED_UPDATED_TO = 40;

  /** Records dated this far after the anchor: "timestamps in the future". */
  static final Duration FUTURE = Duration.ofDays(5 * 365);

  static final String LONG_PROPERTY_KEY =
      "A property key that is deliberately longer than eighty characters to test column-name limits";

  private static final String[] FIRST_NAMES = {
    "Zoë",
    "José",
    "Łukasz",
    "Siobhán",
    "李",
    "Мария",
    "🙂 Sam",
    "O'Connor",
    "Ana-María",
    "Jürgen",
    "Ngozi",
    "Søren",
    "Aïcha",
    "Émile",
    "Kai"
  };
  private static final String[] LAST_NAMES = {
    "Müller",
    "Dubois",
    "García",
    "Nakamura",
    "Ó Briain",
    "Kowalski",
    "Smith",
    "Nguyễn",
    "D'Angelo",
    "Ivanova",
    "Ødegaard",
    "Straße"
  };
  private static final String[] CITIES = {
    "Montréal", "São Paulo", "Zürich", "Kraków", "Tōkyō", "Reykjavík", "New York", "Łódź"
  };
  private static final String[] COUNTRIES = {
    "Canada", "Brazil", "Switzerland", "Poland", "Japan", "Iceland", "United States", "Poland"
  };
  private static final String[] TIMEZONES = {
    "America/Toronto",
    "America/Sao_Paulo",
    "Europe/Zurich",
    "Europe/Warsaw",
    "Asia/Tokyo",
    "Atlantic/Reykjavik",
    "America/New_York",
    "Europe/Warsaw"
  };
  private static final String[] TRIGGER_TYPES = {
    "Metric", "Added to List", "Unconfigured", "Date Based", "Price Drop", "Low Inventory"
  };
  private static final String[] FLOW_STATUSES = {"live", "draft", "manual"};
  private static final String[] ACTION_TYPES = {
    "send-email", "time-delay", "send-sms", "conditional-split", "list-update"
  };
  private static final String[] CAMPAIGN_STATUSES = {
    "Sent", "Draft", "Scheduled", "Cancelled", "Sending", "Cancelled: No Recipients", "Unknown"
  };
  static final String[] CHANNELS = {"email", "sms", "mobile_push"};
  private static final String[] EDITOR_TYPES = {
    "SYSTEM_DRAGGABLE", "SIMPLE", "CODE", "USER_DRAGGABLE"
  };

  final long seed;
  final Scale scale;
  final Instant anchor;
  final List<Profile> profiles = new ArrayList<>();
  final List<Group> lists = new ArrayList<>();
  final List<Group> segments = new ArrayList<>();
  final List<Membership> listMembers = new ArrayList<>();
  final List<Membership> segmentMembers = new ArrayList<>();
  final List<Flow> flows = new ArrayList<>();
  final List<FlowAction> actions = new ArrayList<>();
  final List<FlowMessage> flowMessages = new ArrayList<>();
  final List<Campaign> campaigns = new ArrayList<>();
  final List<CampaignMessage> campaignMessages = new ArrayList<>();
  final List<Template> templates = new ArrayList<>();
  final Map<String, Integer> estimations = new LinkedHashMap<>();

  private final IdCodec templateIds;

  AccountGenerator(long seed, Scale scale, Instant anchor) {
    this.seed = seed;
    this.scale = scale;
    this.anchor = anchor;
    this.templateIds = IdCodec.short62(seed, TEMPLATE);
    generateProfiles();
    generateGroups();
    generateFlows();
    generateCampaigns();
  }

  private SplittableRandom random(long kind, long ordinal) {
    return AwkwardText.randomFor(seed, kind, ordinal);
  }

  private Instant spread(long ordinal, long count, Duration before, Duration span) {
    long seconds = span.getSeconds() * ordinal / Math.max(1, count);
    return anchor.minus(before).plusSeconds(seconds);
  }

  static String profileId(long seed, long ordinal) {
    return IdCodec.ulid(seed, PROFILE).encode(ordinal);
  }

  private void generateProfiles() {
    int count = scale.profiles();
    Instant sharedUpdated = anchor.minus(Duration.ofDays(30));
    for (int i = 0; i < count; i++) {
      SplittableRandom r = random(PROFILE, i);
      Instant created = spread(i, count, Duration.ofDays(700), Duration.ofDays(650));
      Instant updated = created.plusSeconds(r.nextLong(40L * 86_400));
      if (i >= SHARED_UPDATED_FROM && i < SHARED_UPDATED_TO) {
        updated = sharedUpdated;
      } else if (i % 997 == 500 || i == count - 2) {
        updated = anchor.plus(FUTURE);
      }
      String first = FIRST_NAMES[r.nextInt(FIRST_NAMES.length)];
      String last = LAST_NAMES[r.nextInt(LAST_NAMES.length)];
      String email =
          i % 53 == 7
              ? null
              : (i % 5 == 0 ? "user+vip" + i + "@example.org" : "user" + i + "@example.com");
      String phone = i % 3 == 0 ? null : String.format("+1555%07d", i % 10_000_000);
      int city = r.nextInt(CITIES.length);
      Map<String, Object> location = new LinkedHashMap<>();
      location.put("address1", i % 4 == 0 ? null : (1 + r.nextInt(999)) + " Rue Saint-Denis");
      location.put("address2", null);
      location.put("city", CITIES[city]);
      location.put("country", COUNTRIES[city]);
      // The spec allows latitude/longitude as string or number: give both.
      double lat = -60 + r.nextDouble() * 120;
      double lng = -170 + r.nextDouble() * 340;
      location.put("latitude", i % 2 == 0 ? (Object) round(lat) : Double.toString(round(lat)));
      location.put("longitude", i % 2 == 0 ? (Object) round(lng) : Double.toString(round(lng)));
      location.put("region", i % 6 == 0 ? null : "Région " + (1 + r.nextInt(9)));
      location.put("zip", String.format("%05d", r.nextInt(100_000)));
      location.put("timezone", TIMEZONES[city]);
      location.put("ip", "203.0.113." + r.nextInt(256));
      profiles.add(
          new Profile(
              profileId(seed, i),
              email,
              phone,
              i % 7 == 0 ? null : "ext-" + i,
              i % 29 == 3 ? null : first,
              last,
              i % 11 == 0 ? "Café & Co. ☕" : null,
              i % 2 == 0 ? "fr-CA" : "en-US",
              null,
              null,
              created,
              updated,
              i % 9 == 0 ? null : updated.minusSeconds(3600),
              location,
              properties(i, r)));
    }
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  private static Map<String, Object> properties(int i, SplittableRandom r) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("Favorite Color", i % 3 == 0 ? "bleu 💙" : "rouge");
    properties.put("signup.source", i % 2 == 0 ? "pop-up" : "checkout");
    properties.put("it's \"quoted\"", "yes");
    properties.put("Café préféré", "Crème brûlée");
    properties.put("MixedCase Key", r.nextInt(100));
    properties.put("1st Purchase Date", "2024-0" + (1 + i % 9) + "-15");
    properties.put(LONG_PROPERTY_KEY, i);
    // The same key holds a number on some profiles and text on others.
    properties.put("Loyalty Points", i % 2 == 0 ? (Object) (i * 10) : "gold");
    if (i % 4 == 0) {
      properties.put("Preferences", Map.of("newsletter", true, "frequency", "weekly"));
    }
    if (i % 10 == 0) {
      properties.put("Tags", List.of("vip", "early-adopter", "日本"));
    }
    return properties;
  }

  private void generateGroups() {
    IdCodec listIds = IdCodec.short62(seed, LIST);
    IdCodec segmentIds = IdCodec.short62(seed, SEGMENT);
    for (int l = 0; l < scale.lists(); l++) {
      SplittableRandom r = random(LIST, l);
      Instant created = spread(l, scale.lists(), Duration.ofDays(720), Duration.ofDays(600));
      lists.add(
          new Group(
              listIds.encode(l),
              AwkwardText.words(r, 1 + r.nextInt(3)) + " List " + l,
              created,
              l % 10 == 9 ? anchor.plus(FUTURE) : created.plusSeconds(r.nextLong(90L * 86_400)),
              l % 3 == 0 ? "double_opt_in" : "single_opt_in",
              null,
              true,
              false,
              false));
      members(listMembers, listIds.encode(l), LIST, l, 5);
    }
    for (int s = 0; s < scale.segments(); s++) {
      SplittableRandom r = random(SEGMENT, s);
      Instant created = spread(s, scale.segments(), Duration.ofDays(700), Duration.ofDays(600));
      Map<String, Object> condition = new LinkedHashMap<>();
      condition.put("type", "profile-property");
      condition.put("property", "properties['Loyalty Points']");
      condition.put(
          "filter", Map.of("type", "numeric", "operator", "greater-than", "value", s * 10));
      Map<String, Object> definition =
          Map.of("condition_groups", List.of(Map.of("conditions", List.of(condition))));
      segments.add(
          new Group(
              segmentIds.encode(s),
              AwkwardText.words(r, 1 + r.nextInt(3)) + " Segment " + s,
              created,
              created.plusSeconds(r.nextLong(60L * 86_400)),
              null,
              definition,
              s % 4 != 3,
              s % 7 == 6,
              s % 3 == 0));
      members(segmentMembers, segmentIds.encode(s), SEGMENT, s, 7);
    }
  }

  /** About one profile in {@code every} joins; the group's first 30 members share one second. */
  private void members(List<Membership> into, String groupId, long kind, int group, int every) {
    Instant shared = anchor.minus(Duration.ofDays(10 + group));
    int added = 0;
    for (int p = 0; p < profiles.size(); p++) {
      if (Math.floorMod(IdCodec.mix(seed + kind * 131 + group * 7919L + p), every) != 0) {
        continue;
      }
      Profile profile = profiles.get(p);
      Instant joined =
          added < 30
              ? shared
              : profile
                  .created()
                  .plusSeconds(Math.floorMod(IdCodec.mix(p * 31L + group), 200L * 86_400));
      into.add(new Membership(groupId, profile.id(), joined));
      added++;
    }
  }

  private Template template(String name, Instant created, boolean sms) {
    int ordinal = templates.size();
    Template template =
        new Template(
            templateIds.encode(ordinal),
            name,
            EDITOR_TYPES[ordinal % EDITOR_TYPES.length],
            sms
                ? "<p>{{ first_name|default:'there' }}, ça va? 🎉</p>"
                : "<html><body><h1>Bonjour {{ first_name }} 👋</h1><p>Crème brûlée &amp; café.</p></body></html>",
            ordinal % 3 == 0 ? null : "Bonjour {{ first_name }}",
            created,
            created.plusSeconds(3_600));
    templates.add(template);
    return template;
  }

  private void generateFlows() {
    IdCodec flowIds = IdCodec.short62(seed, FLOW);
    IdCodec actionIds = IdCodec.short62(seed, ACTION);
    IdCodec messageIds = IdCodec.short62(seed, FLOW_MESSAGE);
    for (int f = 0; f < scale.flows(); f++) {
      SplittableRandom r = random(FLOW, f);
      Instant created = spread(f, scale.flows(), Duration.ofDays(500), Duration.ofDays(400));
      Instant updated = created.plusSeconds(r.nextLong(60L * 86_400));
      String flowId = flowIds.encode(f);
      flows.add(
          new Flow(
              flowId,
              AwkwardText.words(r, 2) + " Flow " + f,
              FLOW_STATUSES[f % FLOW_STATUSES.length],
              f % 4 == 3,
              created,
              updated,
              TRIGGER_TYPES[f % TRIGGER_TYPES.length]));
      int count = 2 + r.nextInt(4);
      List<String> ids = new ArrayList<>();
      for (int a = 0; a < count; a++) {
        ids.add(actionIds.encode(actions.size() + a));
      }
      for (int a = 0; a < count; a++) {
        String type = ACTION_TYPES[(f + a) % ACTION_TYPES.length];
        String actionId = ids.get(a);
        String next = a + 1 < count ? ids.get(a + 1) : null;
        Instant actionCreated = created.plusSeconds(60L * a);
        Instant actionUpdated = updated.plusSeconds(60L * a);
        String status = FLOW_STATUSES[(f + a) % FLOW_STATUSES.length];
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("id", actionId);
        definition.put("type", type);
        Map<String, Object> data = new LinkedHashMap<>();
        switch (type) {
          case "send-email", "send-sms" -> {
            boolean email = type.equals("send-email");
            String messageId = messageIds.encode(flowMessages.size());
            String messageName =
                (email ? "Email " : "SMS ") + (a + 1) + " — " + AwkwardText.words(r, 1);
            Template template = template(messageName + " template", actionCreated, !email);
            Map<String, Object> message = new LinkedHashMap<>();
            if (email) {
              message.put("from_email", "hello@emulated-store.example");
              message.put("from_label", "Émile's Café");
              message.put("reply_to_email", null);
              message.put("cc_email", null);
              message.put("bcc_email", null);
              message.put("subject_line", "Ne manquez pas ça 🎁 " + f);
              message.put("preview_text", "Une surprise vous attend");
            } else {
              message.put(
                  "body", "Bonjour {{ first_name }}! -20% aujourd'hui 🎉 Reply STOP to opt out");
              message.put("shorten_links", true);
              message.put("add_org_prefix", true);
              message.put("add_info_link", false);
              message.put("add_opt_out_language", true);
              message.put("sms_quiet_hours_enabled", true);
            }
            message.put("template_id", template.id());
            message.put("smart_sending_enabled", true);
            message.put("transactional", false);
            message.put("add_tracking_params", a % 2 == 0);
            message.put(
                "custom_tracking_params",
                List.of(
                    Map.of("param", "utm_source", "value", "klaviyo"),
                    Map.of("param", "utm medium", "value", "flow ✉")));
            message.put("name", messageName);
            message.put("id", messageId);
            data.put("message", message);
            data.put("status", status);
            definition.put("links", linksNext(next));
            flowMessages.add(
                new FlowMessage(
                    messageId,
                    actionId,
                    messageName,
                    email ? "email" : "sms",
                    actionCreated,
                    actionUpdated,
                    template.id(),
                    message));
          }
          case "time-delay" -> {
            data.put("unit", a % 2 == 0 ? "days" : "hours");
            data.put("value", 1 + r.nextInt(5));
            definition.put("links", linksNext(next));
            status = null;
          }
          case "conditional-split" -> {
            data.put("profile_filter", Map.of("condition_groups", List.of()));
            Map<String, Object> links = new LinkedHashMap<>();
            links.put("next_if_true", next);
            links.put("next_if_false", null);
            definition.put("links", links);
            status = null;
          }
          default -> {
            data.put("name", "Add to VIP list");
            data.put("on_execution", true);
            data.put("list_id", lists.isEmpty() ? null : lists.get(f % lists.size()).id());
            data.put("status", status);
            definition.put("links", linksNext(next));
          }
        }
        definition.put("data", data);
        actions.add(
            new FlowAction(
                actionId, flowId, type, status, actionCreated, actionUpdated, definition));
      }
    }
  }

  private static Map<String, Object> linksNext(String next) {
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("next", next);
    return links;
  }

  private void generateCampaigns() {
    IdCodec campaignIds = IdCodec.ulid(seed, CAMPAIGN);
    IdCodec messageIds = IdCodec.ulid(seed, CAMPAIGN_MESSAGE);
    List<String> audiences = new ArrayList<>();
    lists.forEach(l -> audiences.add(l.id()));
    segments.forEach(s -> audiences.add(s.id()));
    for (int c = 0; c < scale.campaigns(); c++) {
      SplittableRandom r = random(CAMPAIGN, c);
      String channel = CHANNELS[c % 3];
      String id = campaignIds.encode(c);
      Instant created = spread(c, scale.campaigns(), Duration.ofDays(400), Duration.ofDays(380));
      Instant scheduled = c % 5 == 1 ? null : created.plus(Duration.ofDays(2));
      if (c % 17 == 16) {
        scheduled = anchor.plus(FUTURE);
      }
      Instant updated = created.plusSeconds(r.nextLong(10L * 86_400));
      List<String> included = new ArrayList<>();
      if (!audiences.isEmpty()) {
        included.add(audiences.get(c % audiences.size()));
        if (c % 2 == 0 && audiences.size() > 1) {
          included.add(audiences.get((c + 1) % audiences.size()));
        }
      }
      List<String> excluded =
          c % 4 == 0 || audiences.size() < 3
              ? null
              : c % 4 == 1 ? List.of() : List.of(audiences.get((c + 2) % audiences.size()));
      Map<String, Object> sendOptions = new LinkedHashMap<>();
      sendOptions.put("use_smart_sending", c % 2 == 0);
      Map<String, Object> tracking = null;
      if (!channel.equals("mobile_push")) {
        tracking = new LinkedHashMap<>();
        tracking.put("add_tracking_params", c % 3 != 2);
        List<Map<String, Object>> params = new ArrayList<>();
        if (c % 7 != 3) {
          params.add(utm("dynamic", "utm_campaign", "campaign_id"));
          params.add(utm("static", "utm_medium", channel.equals("email") ? "e-mail ✉" : "sms"));
          if (c % 2 == 0) {
            params.add(utm("dynamic", "utm_content", "profile_id"));
          }
        }
        tracking.put("custom_tracking_params", params);
        if (channel.equals("email")) {
          tracking.put("is_tracking_clicks", true);
          tracking.put("is_tracking_opens", c % 4 != 0);
        }
      }
      Map<String, Object> strategy = new LinkedHashMap<>();
      switch (c % 4) {
        case 0 -> {
          strategy.put("method", "static");
          strategy.put("datetime", scheduled == null ? created : scheduled);
          strategy.put("options", Map.of("is_local", false));
        }
        case 1 -> strategy.put("method", "immediate");
        case 2 -> {
          strategy.put("method", "smart_send_time");
          strategy.put(
              "date",
              LocalDate.ofInstant(created.plus(Duration.ofDays(3)), ZoneOffset.UTC).toString());
        }
        default -> {
          strategy.put("method", "throttled");
          strategy.put("datetime", created.plus(Duration.ofDays(1)));
          strategy.put("throttle_percentage", 20);
        }
      }
      String status = CAMPAIGN_STATUSES[r.nextInt(CAMPAIGN_STATUSES.length)];
      Instant sendTime =
          status.equals("Draft")
              ? null
              : scheduled == null ? created.plusSeconds(7_200) : scheduled;
      campaigns.add(
          new Campaign(
              id,
              channel,
              "Campagne " + AwkwardText.words(r, 2) + " " + c,
              status,
              c % 5 == 4,
              List.copyOf(included),
              excluded,
              sendOptions,
              tracking,
              strategy,
              created,
              scheduled,
              updated,
              sendTime));
      campaignMessage(messageIds.encode(c), id, channel, c, created, updated, sendTime);
      if (c % 6 != 5) {
        estimations.put(id, (int) Math.floorMod(IdCodec.mix(seed + c), 50_000L));
      }
    }
  }

  private void campaignMessage(
      String id,
      String campaignId,
      String channel,
      int c,
      Instant created,
      Instant updated,
      Instant sendTime) {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("channel", channel);
    Map<String, Object> content = new LinkedHashMap<>();
    String templateId = null;
    switch (channel) {
      case "email" -> {
        definition.put("label", "Variante A — " + c);
        content.put("subject", "Nouveautés 🍂 #" + c);
        content.put("preview_text", c % 3 == 0 ? null : "Découvrez la collection");
        content.put("from_email", "hello@emulated-store.example");
        content.put("from_label", "Émile's Café");
        content.put("reply_to_email", null);
        content.put("cc_email", null);
        content.put("bcc_email", null);
        definition.put("content", content);
        templateId = template("Campaign " + c + " email", created, false).id();
      }
      case "sms" -> {
        content.put("body", "Soldes! 🎉 -30% code SMS" + c);
        content.put("media_url", null);
        definition.put("content", content);
        definition.put(
            "render_options",
            Map.of(
                "shorten_links",
                true,
                "add_org_prefix",
                true,
                "add_info_link",
                false,
                "add_opt_out_language",
                true));
        templateId = template("Campaign " + c + " sms", created, true).id();
      }
      default -> {
        definition.put("notification_type", "standard");
        content.put("title", "Flash sale ⚡");
        content.put("body", "Ends tonight");
        definition.put("content", content);
        definition.put("kv_pairs", Map.of("deep link", "app://sale/" + c));
      }
    }
    List<Map<String, Object>> sendTimes = new ArrayList<>();
    if (sendTime != null) {
      sendTimes.add(sendTime(sendTime, false));
      if (c % 4 == 0) {
        sendTimes.add(sendTime(sendTime.plus(Duration.ofHours(5)), true));
      }
    }
    campaignMessages.add(
        new CampaignMessage(
            id, campaignId, channel, definition, sendTimes, created, updated, templateId));
  }

  private static Map<String, Object> sendTime(Instant when, boolean local) {
    Map<String, Object> sendTime = new LinkedHashMap<>();
    sendTime.put("datetime", when);
    sendTime.put("is_local", local);
    return sendTime;
  }

  private static Map<String, Object> utm(String type, String name, String value) {
    Map<String, Object> param = new LinkedHashMap<>();
    param.put("type", type);
    param.put("value", value);
    param.put("name", name);
    return param;
  }

  static List<String> channels() {
    return Arrays.asList(CHANNELS);
  }
}
