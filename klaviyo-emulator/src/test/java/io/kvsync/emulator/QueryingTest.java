package io.kvsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.emulator.ApiClient.Reply;
import io.kvsync.emulator.data.Group;
import io.kvsync.emulator.data.Scale;
import io.kvsync.emulator.ratelimit.RateLimitMode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Filters, sorts, sparse fieldsets, includes and paging on the generated data. */
class QueryingTest {

  private static KlaviyoEmulator emulator;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    emulator =
        KlaviyoEmulator.start(
            EmulatorConfig.defaults()
                .withScale(new Scale(450, 300, 3_000, 30, 5, 3, 3, 12))
                .withRateLimits(RateLimitMode.OFF));
    api = new ApiClient(emulator.baseUrl(), emulator.demoKey());
  }

  @AfterAll
  static void stop() {
    emulator.stop();
  }

  private static List<JsonNode> data(List<JsonNode> pages) {
    List<JsonNode> items = new ArrayList<>();
    pages.forEach(page -> page.path("data").forEach(items::add));
    return items;
  }

  private static OffsetDateTime time(JsonNode resource, String attribute) {
    return OffsetDateTime.parse(resource.path("attributes").path(attribute).asText());
  }

  @Test
  void greaterThanUpdatedReturnsOnlyLaterProfilesInAscendingOrder() {
    String since = "2025-06-01T00:00:00+00:00";
    List<JsonNode> profiles =
        data(
            api.allPages(
                "/api/profiles",
                "filter",
                "greater-than(updated," + since + ")",
                "sort",
                "updated",
                "page[size]",
                "100"));

    assertFalse(profiles.isEmpty());
    OffsetDateTime previous = OffsetDateTime.parse(since);
    for (JsonNode profile : profiles) {
      OffsetDateTime updated = time(profile, "updated");
      assertTrue(updated.isAfter(OffsetDateTime.parse(since)));
      assertFalse(updated.isBefore(previous));
      previous = updated;
    }
  }

  @Test
  void descendingSortReversesTheOrder() {
    List<JsonNode> lists = data(api.allPages("/api/lists", "sort", "-created"));

    for (int i = 1; i < lists.size(); i++) {
      assertFalse(time(lists.get(i), "created").isAfter(time(lists.get(i - 1), "created")));
    }
    assertEquals(5, lists.size());
  }

  @Test
  void pagingOverManyPagesReturnsEveryProfileOnceAtEveryPageSize() {
    for (String size : List.of("1", "7", "100")) {
      List<JsonNode> profiles =
          data(api.allPages("/api/profiles", "page[size]", size, "sort", "-updated"));
      Set<String> ids = new HashSet<>();
      profiles.forEach(p -> ids.add(p.path("id").asText()));
      assertEquals(300, profiles.size(), "page size " + size);
      assertEquals(300, ids.size(), "page size " + size);
    }
  }

  @Test
  void membersSharingOneJoinedAtAcrossPageBoundariesAreEachReturnedOnce() {
    Group list = emulator.admin().data().lists().sortedById().get(0);
    long members =
        emulator.admin().data().listMembers().rows().stream()
            .filter(m -> m.groupId().equals(list.id()))
            .count();

    List<JsonNode> rows =
        data(
            api.allPages(
                "/api/lists/" + list.id() + "/profiles",
                "sort",
                "joined_group_at",
                "page[size]",
                "20"));

    Set<String> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r.path("id").asText()));
    assertEquals(members, rows.size());
    assertEquals(members, ids.size());
    java.util.Map<String, Long> perSecond = new java.util.HashMap<>();
    rows.forEach(
        r -> perSecond.merge(r.path("attributes").path("joined_group_at").asText(), 1L, Long::sum));
    assertTrue(
        perSecond.values().stream().anyMatch(n -> n > 20), "a run of one second spans pages of 20");
  }

  @Test
  void eventsWithinADatetimeRangeOnly() {
    String from = "2026-06-10T00:00:00+00:00";
    String to = "2026-06-12T00:00:00+00:00";
    List<JsonNode> events =
        data(
            api.allPages(
                "/api/events",
                "filter",
                "and(greater-or-equal(datetime," + from + "),less-than(datetime," + to + "))"));

    assertFalse(events.isEmpty());
    for (JsonNode event : events) {
      OffsetDateTime at = time(event, "datetime");
      assertFalse(at.isBefore(OffsetDateTime.parse(from)));
      assertTrue(at.isBefore(OffsetDateTime.parse(to)));
    }
  }

  @Test
  void commaJoinedFiltersReturnTheSameEventsAsAnd() {
    Map<String, Long> eventsPerMetric = new HashMap<>();
    emulator
        .admin()
        .data()
        .events()
        .all()
        .forEachRemaining(e -> eventsPerMetric.merge(e.metricId(), 1L, Long::sum));
    String metricId =
        Collections.max(eventsPerMetric.entrySet(), Map.Entry.comparingByValue()).getKey();
    String metric = "equals(metric_id,\"" + metricId + "\")";
    List<JsonNode> ofMetric =
        data(api.allPages("/api/events", "filter", metric, "sort", "datetime"));
    String since = ofMetric.get(ofMetric.size() / 2).path("attributes").path("datetime").asText();
    String from = "greater-or-equal(datetime," + since + ")";

    List<String> joined = ids(data(api.allPages("/api/events", "filter", metric + "," + from)));
    List<String> and =
        ids(data(api.allPages("/api/events", "filter", "and(" + metric + "," + from + ")")));

    List<String> expected =
        ids(
            ofMetric.stream()
                .filter(e -> !time(e, "datetime").isBefore(OffsetDateTime.parse(since)))
                .toList());
    assertFalse(joined.isEmpty());
    assertTrue(joined.size() < ofMetric.size(), "the datetime part narrows the metric's events");
    assertEquals(and, joined);
    assertEquals(new HashSet<>(expected), new HashSet<>(joined));
    assertEquals(expected.size(), joined.size());
  }

  private static List<String> ids(List<JsonNode> resources) {
    return resources.stream().map(r -> r.path("id").asText()).toList();
  }

  @Test
  void eventsOfOneMetricInTheListForm() {
    String metricId = emulator.admin().data().metrics().sortedById().get(0).id();
    String placedOrder =
        emulator.admin().data().metrics().rows().stream()
            .filter(m -> m.name().equals("Placed Order"))
            .findFirst()
            .orElseThrow()
            .id();

    List<JsonNode> events =
        data(
            api.allPages(
                "/api/events",
                "filter",
                "equals(metric_id,['" + metricId + "','" + placedOrder + "'])"));

    assertFalse(events.isEmpty());
    for (JsonNode event : events) {
      String metric = event.path("relationships").path("metric").path("data").path("id").asText();
      assertTrue(metric.equals(metricId) || metric.equals(placedOrder), metric);
    }
  }

  @Test
  void eventsDescendingFromTheNewest() {
    Reply reply = api.get("/api/events", "sort", "-datetime");

    List<JsonNode> events = data(List.of(reply.body()));
    for (int i = 1; i < events.size(); i++) {
      assertFalse(time(events.get(i), "datetime").isAfter(time(events.get(i - 1), "datetime")));
    }
    // the newest events are the deliberately future-dated ones
    assertTrue(time(events.get(0), "datetime").getYear() > 2030);
  }

  @Test
  void sparseFieldsetKeepsOnlyTheNamedAttributes() {
    JsonNode profile =
        api.get("/api/profiles", "fields[profile]", "email,location.city")
            .body()
            .path("data")
            .path(0);

    JsonNode attributes = profile.path("attributes");
    List<String> names = new ArrayList<>();
    attributes.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("email", "location"), names);
    List<String> location = new ArrayList<>();
    attributes.path("location").fieldNames().forEachRemaining(location::add);
    assertEquals(List.of("city"), location);
  }

  @Test
  void includeAddsTheRelatedResourcesOnce() {
    JsonNode body = api.get("/api/events", "include", "metric,profile", "page[size]", "50").body();

    Set<String> referenced = new HashSet<>();
    body.path("data")
        .forEach(
            e -> {
              referenced.add(
                  "metric:"
                      + e.path("relationships").path("metric").path("data").path("id").asText());
              referenced.add(
                  "profile:"
                      + e.path("relationships").path("profile").path("data").path("id").asText());
            });
    Set<String> included = new HashSet<>();
    body.path("included")
        .forEach(r -> included.add(r.path("type").asText() + ":" + r.path("id").asText()));
    assertEquals(referenced, included);
    assertEquals(referenced.size(), body.path("included").size());
  }

  @Test
  void singleProfileIncludesTheListsItBelongsTo() {
    var membership = emulator.admin().data().listMembers().rows().iterator().next();

    JsonNode body = api.get("/api/profiles/" + membership.profileId(), "include", "lists").body();

    Set<String> lists = new HashSet<>();
    body.path("data")
        .path("relationships")
        .path("lists")
        .path("data")
        .forEach(l -> lists.add(l.path("id").asText()));
    assertTrue(lists.contains(membership.groupId()));
    Set<String> included = new HashSet<>();
    body.path("included").forEach(l -> included.add(l.path("id").asText()));
    assertEquals(lists, included);
  }

  @Test
  void pagesRenderedAheadAreIdenticalToFreshOnes() throws InterruptedException {
    String second =
        api.get("/api/events", "page[size]", "50").body().path("links").path("next").asText();
    Thread.sleep(300); // lets the emulator render the second page ahead

    String ahead = api.getUrl(second).raw().body();
    String fresh = api.getUrl(second).raw().body();

    assertEquals(fresh, ahead);
  }

  @Test
  void campaignsOfOneChannelIncludeTheirMessages() {
    JsonNode body =
        api.get(
                "/api/campaigns",
                "filter",
                "equals(messages.channel,'sms')",
                "include",
                "campaign-messages")
            .body();

    assertEquals(4, body.path("data").size());
    assertEquals(4, body.path("included").size());
    body.path("included")
        .forEach(
            m ->
                assertEquals(
                    "sms", m.path("attributes").path("definition").path("channel").asText()));
  }

  @Test
  void campaignListingsComeInNoParticularOrderWithoutSort() {
    List<String> created = new ArrayList<>();
    for (String channel : List.of("email", "sms", "mobile_push")) {
      api.get("/api/campaigns", "filter", "equals(messages.channel,'" + channel + "')")
          .body()
          .path("data")
          .forEach(c -> created.add(c.path("attributes").path("created_at").asText()));
    }
    List<String> ascending = new ArrayList<>(created);
    ascending.sort(null);
    List<String> descending = new ArrayList<>(ascending);
    java.util.Collections.reverse(descending);

    assertEquals(12, created.size());
    assertFalse(created.equals(ascending) || created.equals(descending));
  }

  @Test
  void cursorsStayCorrectWhenDataChangesBetweenPages() {
    try (KlaviyoEmulator changing =
        KlaviyoEmulator.start(
            EmulatorConfig.defaults()
                .withScale(new Scale(5, 300, 10, 1, 1, 1, 1, 1))
                .withRateLimits(RateLimitMode.OFF))) {
      pageWhileChanging(changing, new ApiClient(changing.baseUrl(), changing.demoKey()));
    }
  }

  private static void pageWhileChanging(KlaviyoEmulator emulator, ApiClient api) {
    List<String> before = new ArrayList<>();
    emulator.admin().data().profiles().sortedById().forEach(p -> before.add(p.id()));
    Reply first = api.get("/api/profiles", "page[size]", "50");
    List<String> seen = new ArrayList<>();
    first.body().path("data").forEach(p -> seen.add(p.path("id").asText()));

    // between pages: delete a profile already read and one not yet read, add a new one
    emulator.admin().deleteProfile(seen.get(3));
    String unread = before.get(120);
    emulator.admin().deleteProfile(unread);
    emulator.admin().createProfile("late@example.com", "Late");
    List<JsonNode> rest = new ArrayList<>();
    String next = first.body().path("links").path("next").asText();
    while (next != null) {
      Reply page = api.getUrl(next);
      page.body().path("data").forEach(rest::add);
      JsonNode link = page.body().path("links").path("next");
      next = link.isTextual() ? link.asText() : null;
    }
    rest.forEach(p -> seen.add(p.path("id").asText()));

    Set<String> unique = new HashSet<>(seen);
    assertEquals(seen.size(), unique.size(), "no profile twice");
    for (String id : before) {
      if (!id.equals(unread)) {
        assertTrue(unique.contains(id), "missing " + id);
      }
    }
    assertFalse(unique.contains(unread));
  }
}
