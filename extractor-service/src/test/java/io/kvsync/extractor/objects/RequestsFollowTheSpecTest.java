package io.kvsync.extractor.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.common.catalogue.EndpointPlan;
import io.kvsync.common.catalogue.EndpointPlan.ListingVariant;
import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.common.contract.CursorWindow;
import io.kvsync.common.contract.WireFormat;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every first request the engine builds, for every table, listing and window shape, checked against
 * the official OpenAPI spec: the path exists, every parameter is declared, enum values, sorts, page
 * sizes and filter fields/operators are allowed, required parameters are present. (Later pages
 * follow {@code links.next} as Klaviyo gives it.)
 */
class RequestsFollowTheSpecTest {

  private static JsonNode paths;

  @BeforeAll
  static void readSpec() throws Exception {
    String location = System.getProperty("KLAVIYO_OPENAPI_SPEC");
    assertTrue(location != null, "KLAVIYO_OPENAPI_SPEC is not set (the build sets it)");
    Path spec = Path.of(location);
    assertTrue(Files.exists(spec), "the spec is expected at " + spec);
    paths = WireFormat.mapper().readTree(spec.toFile()).path("paths");
  }

  @Test
  void everyRequestOfEveryTableIsOneTheSpecAllows() {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (ObjectDefinition object : ObjectCatalogue.all()) {
      EndpointPlan plan = object.plan();
      if (plan.path() == null) {
        continue;
      }
      for (ListingVariant variant : plan.variants()) {
        Listing listing = new Listing(variant, plan.isPerParent() ? "PARENT1" : null);
        for (CursorWindow window : windows(object)) {
          List<String> terms =
              ListingRequests.windowTerms(
                  plan, object.cursorField(), window, Duration.ofSeconds(5));
          String url = ListingRequests.firstUrl("https://a.klaviyo.com", plan, listing, terms);
          problems.addAll(check(object.table(), url));
          checked++;
        }
      }
      if (plan.isPerParent()) {
        // The parents are enumerated with their own table's plan, whole: covered by that table.
        assertTrue(ObjectCatalogue.get(plan.parent().table()).plan().path() != null);
      }
    }
    assertTrue(checked >= 30, "checked " + checked);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void aRequestOutsideTheSpecIsCaught() {
    List<String> problems =
        check(
            "probe",
            "https://a.klaviyo.com/api/lists?filter=greater-or-equal(updated,2024-01-01T00:00:00%2B00:00)&page%5Bsize%5D=50&sort=joined");
    assertEquals(3, problems.size(), problems.toString());
  }

  private static List<CursorWindow> windows(ObjectDefinition object) {
    if (object.cursorField() == null) {
      return java.util.Collections.singletonList(null);
    }
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    List<CursorWindow> windows = new ArrayList<>();
    windows.add(null);
    windows.add(new CursorWindow(object.cursorField(), from, null));
    windows.add(new CursorWindow(object.cursorField(), from, from.plusSeconds(7 * 86_400)));
    return windows;
  }

  private static List<String> check(String table, String url) {
    List<String> problems = new ArrayList<>();
    URI uri = URI.create(url);
    String template = uri.getRawPath().replace("PARENT1", "{id}");
    JsonNode operation = paths.path(template).path("get");
    if (operation.isMissingNode()) {
      return List.of(table + ": GET " + template + " is not in the spec");
    }
    Map<String, JsonNode> declared = new LinkedHashMap<>();
    for (JsonNode parameter : operation.path("parameters")) {
      if (parameter.path("in").asText().equals("query")) {
        declared.put(parameter.path("name").asText(), parameter);
      }
    }
    Map<String, String> sent = query(uri);
    for (Map.Entry<String, JsonNode> parameter : declared.entrySet()) {
      if (parameter.getValue().path("required").asBoolean()
          && !sent.containsKey(parameter.getKey())) {
        problems.add(table + ": required " + parameter.getKey() + " missing in " + url);
      }
    }
    for (Map.Entry<String, String> param : sent.entrySet()) {
      JsonNode parameter = declared.get(param.getKey());
      if (parameter == null) {
        problems.add(table + ": " + param.getKey() + " is not a parameter of " + template);
        continue;
      }
      JsonNode schema = parameter.path("schema");
      String value = param.getValue();
      if (param.getKey().equals("filter")) {
        problems.addAll(checkFilter(table, value, operation.path("x-klaviyo-filters")));
      } else if (schema.path("type").asText().equals("array")) {
        for (String item : value.split(",")) {
          if (!contains(schema.path("items").path("enum"), item)) {
            problems.add(table + ": " + param.getKey() + "=" + item + " is not allowed");
          }
        }
      } else if (schema.has("enum") && !contains(schema.path("enum"), value)) {
        problems.add(table + ": " + param.getKey() + "=" + value + " is not allowed");
      } else if (schema.path("type").asText().equals("integer")) {
        int size = Integer.parseInt(value);
        if (size < schema.path("minimum").asInt(1)
            || size > schema.path("maximum").asInt(Integer.MAX_VALUE)) {
          problems.add(table + ": " + param.getKey() + "=" + value + " is out of range");
        }
      }
    }
    return problems;
  }

  private static List<String> checkFilter(String table, String filter, JsonNode allowed) {
    List<String> problems = new ArrayList<>();
    for (String term : terms(filter)) {
      String operator = term.substring(0, term.indexOf('('));
      String inner = term.substring(term.indexOf('(') + 1, term.length() - 1);
      String field = inner.contains(",") ? inner.substring(0, inner.indexOf(',')) : inner;
      JsonNode operators = allowed.path(field).path("operators");
      boolean ok = false;
      for (JsonNode group : operators) {
        ok |= contains(group, operator);
      }
      if (!ok) {
        problems.add(table + ": filter " + operator + " on " + field + " is not allowed");
      }
      if (term.contains(" ")) {
        problems.add(table + ": a '+' sent raw reads as a space: " + term);
      }
    }
    return problems;
  }

  /** Splits {@code and(a,b)} into its terms (one level, as the engine writes them). */
  private static List<String> terms(String filter) {
    if (!filter.startsWith("and(")) {
      return List.of(filter);
    }
    String inner = filter.substring(4, filter.length() - 1);
    List<String> terms = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        terms.add(inner.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(inner.substring(start));
    return terms;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          // Decoded as a server does: a raw '+' would become a space.
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode item : array) {
      if (item.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
