package io.kvsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kvsync.emulator.api.EndpointRule;
import io.kvsync.emulator.api.EndpointRule.ParameterRule;
import io.kvsync.emulator.api.EndpointRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The request rules the emulator ships (endpoint-rules.json) must be exactly what the spec allows:
 * query parameters, enums of fields/include/sort, page sizes, filters, scopes and rate limits.
 */
class EndpointRulesMatchSpecTest {

  private static OpenApiSpec spec;
  private static final EndpointRules RULES = EndpointRules.load();

  @BeforeAll
  static void readSpec() {
    spec = OpenApiSpec.load();
  }

  @Test
  void everyEndpointOfTheApiNotesIsCovered() {
    assertEquals(28, RULES.all().size());
  }

  @Test
  void queryParametersAndTheirEnumsMatchTheSpec() {
    List<String> differences = new ArrayList<>();
    for (EndpointRule rule : RULES.all()) {
      JsonNode operation = spec.operation(rule.path());
      Map<String, String> expected = new TreeMap<>();
      for (JsonNode parameter : operation.path("parameters")) {
        if (!parameter.path("in").asString().equals("query")) {
          continue;
        }
        JsonNode schema = parameter.path("schema");
        JsonNode values =
            schema.has("items") ? schema.path("items").path("enum") : schema.path("enum");
        String description = "required=" + parameter.path("required").asBoolean(false);
        if (!parameter.path("name").asString().equals("filter") && values.isArray()) {
          description += " values=" + values;
        }
        if (parameter.path("name").asString().equals("page[size]")) {
          description +=
              " size="
                  + schema.path("minimum").asInt()
                  + ".."
                  + schema.path("maximum").asInt()
                  + "/"
                  + schema.path("default").asInt();
        }
        expected.put(parameter.path("name").asString(), description);
      }
      Map<String, String> actual = new TreeMap<>();
      rule.parameters().forEach((name, p) -> actual.put(name, describe(name, p)));
      if (!expected.equals(actual)) {
        differences.add(rule.path() + ": spec " + expected + " but emulator " + actual);
      }
    }
    assertEquals(List.of(), differences);
  }

  private static String describe(String name, ParameterRule p) {
    String description = "required=" + p.required();
    if (p.values() != null) {
      description +=
          " values=" + tools.jackson.databind.json.JsonMapper.shared().valueToTree(p.values());
    }
    if (name.equals("page[size]")) {
      description += " size=" + p.minimum() + ".." + p.maximum() + "/" + p.defaultValue();
    }
    return description;
  }

  @Test
  void filtersScopesAndRateLimitsMatchTheSpec() {
    List<String> differences = new ArrayList<>();
    for (EndpointRule rule : RULES.all()) {
      JsonNode operation = spec.operation(rule.path());
      JsonNode filters = operation.path("x-klaviyo-filters");
      TreeSet<String> specFilters = new TreeSet<>();
      filters
          .properties()
          .forEach(e -> specFilters.add(e.getKey() + e.getValue().path("operators")));
      TreeSet<String> ruleFilters = new TreeSet<>();
      rule.filters()
          .forEach(
              (field, f) ->
                  ruleFilters.add(
                      field
                          + tools.jackson.databind.json.JsonMapper.shared()
                              .valueToTree(f.operators())));
      if (!specFilters.equals(ruleFilters)) {
        differences.add(rule.path() + " filters: spec " + specFilters + " emulator " + ruleFilters);
      }
      List<String> scopes = new ArrayList<>();
      operation.path("x-klaviyo-scopes").forEach(s -> scopes.add(s.asString()));
      if (!scopes.equals(rule.scopes())) {
        differences.add(rule.path() + " scopes: spec " + scopes + " emulator " + rule.scopes());
      }
      String limits =
          operation.path("x-klaviyo-ratelimit").path("burst").asString()
              + " "
              + operation.path("x-klaviyo-ratelimit").path("steady").asString();
      if (!limits.equals(rule.burstPerSecond() + "/s " + rule.steadyPerMinute() + "/m")) {
        differences.add(rule.path() + " rate limit: spec " + limits);
      }
    }
    assertFalse(RULES.all().isEmpty());
    assertEquals(List.of(), differences);
  }
}
