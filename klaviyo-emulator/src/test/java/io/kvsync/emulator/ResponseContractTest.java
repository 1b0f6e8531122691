package io.kvsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.emulator.ApiClient.Reply;
import io.kvsync.emulator.api.EndpointRule;
import io.kvsync.emulator.api.EndpointRules;
import io.kvsync.emulator.data.CampaignMessage;
import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.data.Scale;
import io.kvsync.emulator.ratelimit.RateLimitMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Validates the emulator's responses for every endpoint, over several seeds and many pages, against
 * the response schemas of Klaviyo's official OpenAPI spec.
 */
class ResponseContractTest {

  private static final Scale SCALE = new Scale(450, 120, 1_500, 30, 6, 4, 4, 12);
  private static final int PAGES_PER_REQUEST = 6;

  private static OpenApiSpec spec;
  private static final EndpointRules RULES = EndpointRules.load();

  @BeforeAll
  static void readSpec() {
    spec = OpenApiSpec.load();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void everyEndpointAnswersWithTheSpecsResponseSchema(long seed) {
    try (KlaviyoEmulator emulator =
        KlaviyoEmulator.start(
            EmulatorConfig.defaults()
                .withSeed(seed)
                .withScale(SCALE)
                .withRateLimits(RateLimitMode.OFF))) {
      ApiClient api = new ApiClient(emulator.baseUrl(), emulator.demoKey());
      Dataset data = emulator.admin().data();
      List<String> failures = new ArrayList<>();
      int validated = 0;
      for (EndpointRule rule : RULES.all()) {
        for (String path : concretePaths(rule.path(), data)) {
          for (List<String> query : queryVariants(rule)) {
            String next = api.url(path, query.toArray(String[]::new));
            for (int page = 0; next != null && page < PAGES_PER_REQUEST; page++) {
              Reply reply = api.getUrl(next);
              if (reply.status() != 200) {
                failures.add(next + " answered " + reply.status() + ": " + reply.raw().body());
                break;
              }
              String url = next;
              spec.violations(rule.responseSchema(), reply.raw().body())
                  .forEach(v -> failures.add(rule.path() + " " + query + " → " + v));
              validated++;
              JsonNode link = reply.body().path("links").path("next");
              next = link.isTextual() ? link.asText() : null;
            }
          }
        }
      }
      assertTrue(
          failures.isEmpty(),
          failures.size()
              + " problems, first ones:\n"
              + String.join("\n", failures.stream().limit(25).toList()));
      assertTrue(validated > 200, "only " + validated + " responses validated");
    }
  }

  @Test
  void errorResponsesMatchTheSpecsErrorBody() {
    try (KlaviyoEmulator emulator =
        KlaviyoEmulator.start(
            EmulatorConfig.defaults().withScale(SCALE).withRateLimits(RateLimitMode.OFF))) {
      ApiClient api = new ApiClient(emulator.baseUrl(), emulator.demoKey());
      List<Reply> errors =
          List.of(
              api.withKey(null).get("/api/metrics"),
              api.withKey("pk_unknown").get("/api/metrics"),
              api.withKey(io.kvsync.emulator.auth.ApiKey.builtInKeyLacking("events:read"))
                  .get("/api/events"),
              api.get("/api/metrics", "page[size]", "10"),
              api.get("/api/campaigns"),
              api.get(
                  "/api/profiles", "filter", "greater-or-equal(updated,2024-01-01T00:00:00+00:00)"),
              api.get("/api/lists/doesnotexist"));
      for (Reply error : errors) {
        assertTrue(error.status() >= 400 && error.status() < 500, error.raw().body());
        assertEquals(List.of(), spec.errorBodyViolations(error.raw().body()), error.raw().body());
      }
    }
  }

  /**
   * The query variants tried per endpoint: plain, every include, every additional field, sparse
   * fields.
   */
  private static List<List<String>> queryVariants(EndpointRule rule) {
    List<List<String>> base = new ArrayList<>();
    if (rule.path().equals("/api/campaigns")) {
      for (String channel : List.of("email", "sms", "mobile_push")) {
        base.add(List.of("filter", "equals(messages.channel,'" + channel + "')"));
      }
      base.add(List.of("filter", "and(equals(messages.channel,'email'),equals(archived,true))"));
    } else {
      base.add(List.of());
    }
    List<List<String>> variants = new ArrayList<>();
    for (List<String> b : base) {
      List<String> paged = new ArrayList<>(b);
      var size = rule.parameters().get("page[size]");
      if (size != null) {
        paged.add("page[size]");
        paged.add(Integer.toString(Math.max(size.minimum(), Math.min(size.maximum(), 7))));
      }
      variants.add(paged);
      var include = rule.parameters().get("include");
      if (include != null) {
        List<String> withIncludes = new ArrayList<>(paged);
        withIncludes.add("include");
        withIncludes.add(String.join(",", include.values()));
        variants.add(withIncludes);
      }
      rule.parameters()
          .forEach(
              (name, parameter) -> {
                if (name.startsWith("additional-fields[")) {
                  List<String> withAdditional = new ArrayList<>(paged);
                  withAdditional.add(name);
                  withAdditional.add(String.join(",", parameter.values()));
                  variants.add(withAdditional);
                }
              });
      var sort = rule.parameters().get("sort");
      if (sort != null) {
        List<String> sorted = new ArrayList<>(paged);
        sorted.add("sort");
        sorted.add(sort.values().get(sort.values().size() - 1));
        variants.add(sorted);
      }
    }
    return variants;
  }

  /** Real paths for a template, with ids of objects that exist in this dataset. */
  static List<String> concretePaths(String template, Dataset data) {
    if (!template.contains("{id}")) {
      return List.of(template);
    }
    Function<Stream<String>, List<String>> firstFew = ids -> ids.sorted().limit(2).toList();
    List<String> ids =
        switch (template.split("/")[2]) {
          case "profiles" -> firstFew.apply(data.profiles().rows().stream().map(p -> p.id()));
          case "events" -> List.of(data.events().all().next().id());
          case "metrics" -> firstFew.apply(data.metrics().rows().stream().map(m -> m.id()));
          case "lists" -> firstFew.apply(data.lists().rows().stream().map(g -> g.id()));
          case "segments" -> firstFew.apply(data.segments().rows().stream().map(g -> g.id()));
          case "flows" -> firstFew.apply(data.flows().rows().stream().map(f -> f.id()));
          case "flow-actions" ->
              firstFew.apply(data.flowMessages().rows().stream().map(m -> m.actionId()).distinct());
          case "flow-messages" ->
              firstFew.apply(data.flowMessages().rows().stream().map(m -> m.id()));
          case "campaigns" -> firstFew.apply(data.campaigns().rows().stream().map(c -> c.id()));
          case "campaign-messages" ->
              List.of(
                  data.campaignMessages().rows().stream()
                      .filter(m -> m.channel().equals("email"))
                      .map(CampaignMessage::id)
                      .sorted()
                      .findFirst()
                      .orElseThrow(),
                  data.campaignMessages().rows().stream()
                      .filter(m -> m.channel().equals("mobile_push"))
                      .map(CampaignMessage::id)
                      .sorted()
                      .findFirst()
                      .orElseThrow());
          case "templates" -> firstFew.apply(data.templates().rows().stream().map(t -> t.id()));
          case "campaign-recipient-estimations" ->
              firstFew.apply(data.estimations().keySet().stream());
          default -> throw new IllegalArgumentException("no sample ids for " + template);
        };
    return ids.stream().map(id -> template.replace("{id}", id)).toList();
  }
}
