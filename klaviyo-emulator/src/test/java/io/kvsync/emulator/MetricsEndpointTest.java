package io.kvsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.emulator.data.Scale;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

  private static KlaviyoEmulator emulator;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    emulator =
        KlaviyoEmulator.start(
            EmulatorConfig.defaults()
                .withScale(Scale.DEFAULT.withMetrics(450).withProfiles(10).withEvents(10)));
    api = new ApiClient(emulator.baseUrl(), emulator.demoKey());
  }

  @AfterAll
  static void stop() {
    emulator.stop();
  }

  @Test
  void pagingThroughSeveralPagesReturnsEveryMetricExactlyOnce() {
    List<JsonNode> pages = api.allPages("/api/metrics");

    assertEquals(3, pages.size());
    assertEquals(200, pages.get(0).path("data").size());
    List<String> ids = new ArrayList<>();
    pages.forEach(page -> page.path("data").forEach(m -> ids.add(m.path("id").asText())));
    assertEquals(450, ids.size());
    assertEquals(450, new HashSet<>(ids).size());
    Set<Object> truth = new HashSet<>();
    emulator.admin().truth("metric_v2").forEach(row -> truth.add(row.get("id")));
    assertEquals(truth, new HashSet<>(ids));
  }

  @Test
  void nextLinkIsAnAbsoluteUrlBackToTheEmulatorAndAbsentOnTheLastPage() {
    List<JsonNode> pages = api.allPages("/api/metrics");

    String next = pages.get(0).path("links").path("next").asText();
    assertTrue(next.startsWith(emulator.baseUrl() + "/api/metrics?page%5Bcursor%5D="), next);
    assertFalse(pages.get(2).path("links").has("next"));
  }

  @Test
  void metricResourceHasTheSpecShape() {
    JsonNode metric = api.get("/api/metrics").body().path("data").path(0);

    assertEquals("metric", metric.path("type").asText());
    assertTrue(metric.path("attributes").has("name"));
    assertTrue(metric.path("attributes").path("integration").has("category"));
    assertEquals(
        emulator.baseUrl() + "/api/metrics/" + metric.path("id").asText(),
        metric.path("links").path("self").asText());
  }

  @Test
  void groundTruthListsIdAndNameOfEveryMetric() {
    List<Map<String, Object>> truth = emulator.admin().truth("metric_v2");

    assertEquals(450, truth.size());
    assertEquals(Set.of("id", "name"), truth.get(0).keySet());
    JsonNode overHttp = api.getUrl(emulator.adminUrl() + "/admin/truth/metric_v2").body();
    assertEquals(450, overHttp.size());
    assertEquals(truth.get(0).get("id"), overHttp.path(0).path("id").asText());
  }

  @Test
  void filterOnIntegrationNameKeepsOnlyThatIntegration() {
    List<JsonNode> pages =
        api.allPages("/api/metrics", "filter", "equals(integration.name,'Shopify')");

    int count = 0;
    for (JsonNode page : pages) {
      for (JsonNode metric : page.path("data")) {
        assertEquals(
            "Shopify", metric.path("attributes").path("integration").path("name").asText());
        count++;
      }
    }
    assertTrue(count > 0);
  }
}
