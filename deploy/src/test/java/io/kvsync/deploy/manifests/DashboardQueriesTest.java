package io.kvsync.deploy.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alert rules query only what the services export (exported-metrics.txt, the
 * brief's metric list plus Micrometer's defaults), so no panel or alert silently shows nothing.
 */
class DashboardQueriesTest {

  private static final Path DASHBOARD =
      DeployTree.deploy().resolve("grafana/dashboards/kvsync.json");
  private static final Path ALERTS = DeployTree.deploy().resolve("prometheus/alerts.yml");

  @Test
  void everyMetricTheDashboardQueriesIsExportedWithTheLabelsItUses() {
    assertOnlyExported(DashboardMetricNames.inDashboard(DASHBOARD), "the dashboard");
  }

  @Test
  void everyMetricTheAlertRulesQueryIsExportedWithTheLabelsTheyUse() {
    assertOnlyExported(DashboardMetricNames.inRuleFile(ALERTS), "the alert rules");
  }

  @Test
  void everyExportedMetricIsShownOnTheDashboard() {
    Set<String> shown = families(DashboardMetricNames.inDashboard(DASHBOARD).keySet());
    Set<String> exported = families(ExportedMetrics.labelsByName().keySet());
    exported.removeAll(shown);
    assertEquals(Set.of(), exported, "exported but on no panel");
  }

  @Test
  void theAlertRulesCoverFreshnessJobsDeadLettersConsumersAnd429s() {
    Set<String> queried = DashboardMetricNames.inRuleFile(ALERTS).keySet();
    assertTrue(
        queried.containsAll(
            Set.of(
                "kvsync_cursor_age_seconds",
                "kvsync_jobs_finished_total",
                "kvsync_queue_messages",
                "kvsync_queue_consumers",
                "kvsync_klaviyo_throttled_total")),
        queried.toString());
  }

  @Test
  void everyAlertFiresInAPromtoolCaseFedWithExportedSeries() {
    JsonNode cases = YamlDocuments.readOne(ALERTS.resolveSibling("alerts.test.yml"));
    assertEquals("alerts.yml", cases.path("rule_files").get(0).asText());
    Set<String> firing = new TreeSet<>();
    Set<String> fed = new TreeSet<>();
    for (JsonNode test : cases.path("tests")) {
      for (JsonNode series : test.path("input_series")) {
        String selector = series.path("series").asText();
        fed.add(selector.substring(0, selector.indexOf('{')));
      }
      for (JsonNode expectation : test.path("alert_rule_test")) {
        if (!expectation.path("exp_alerts").isEmpty()) {
          firing.add(expectation.path("alertname").asText());
        }
      }
    }
    Set<String> alerts = new TreeSet<>();
    RuleFiles.read(ALERTS)
        .getGroups()
        .forEach(group -> group.getRules().forEach(rule -> alerts.add(rule.getAlert())));
    assertEquals(alerts, firing, "alerts without a case that makes them fire");
    fed.removeAll(ExportedMetrics.labelsByName().keySet());
    assertEquals(Set.of(), fed, "the cases feed series the services do not export");
  }

  @Test
  void everyPanelQueriesThroughTheDataSourceVariable() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> panelsWithoutQueries = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id " + panel.path("id"));
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), title(panel));
      if (!panel.path("targets").elements().hasNext()) {
        panelsWithoutQueries.add(title(panel));
      }
      for (JsonNode target : panel.path("targets")) {
        assertFalse(target.path("expr").asText().isBlank(), title(panel));
      }
    }
    assertEquals(List.of(), panelsWithoutQueries);
    assertEquals("kvsync-overview", dashboard.path("uid").asText());
  }

  @Test
  void readsMetricsAndLabelsOutOfPromql() {
    assertEquals(
        Map.of(
            "kvsync_batch_load_duration_seconds_bucket", Set.of("le", "object"),
            "kvsync_rows_upserted_total", Set.of("object")),
        DashboardMetricNames.inExpression(
            "histogram_quantile(0.95, sum by (le) (rate(kvsync_batch_load_duration_seconds_bucket"
                + "{object=~\"$object\"}[$__rate_interval])))"
                + " unless on() (sum(rate(kvsync_rows_upserted_total{object!=\"x\"}[5m] offset 1h)) > 0)"));
    assertEquals(
        Map.of(
            "kvsync_klaviyo_throttled_total", Set.of("instance"),
            "kvsync_klaviyo_requests_total", Set.of("instance", "status", "tier")),
        DashboardMetricNames.inExpression(
            "sum(rate(kvsync_klaviyo_throttled_total[5m])) without (instance) / ignoring(instance)"
                + " sum by (tier) (rate(kvsync_klaviyo_requests_total{status=~\"4..|5..\"}[1h:1m]))"));
    assertEquals(
        Map.of("kvsync_cursor_age_seconds", Set.of("pipeline")),
        DashboardMetricNames.inExpression("label_values(kvsync_cursor_age_seconds, pipeline)"));
    assertEquals(
        Map.of("process_cpu_usage", Set.of("job", "instance")),
        DashboardMetricNames.inExpression(
            "max by (job) (process_cpu_usage{job=~\"$service\"}) # comment with not_a_metric",
            Set.of("instance")));
    assertEquals(
        Map.of("kvsync_queue_messages", Set.of("queue")),
        DashboardMetricNames.inExpression(
            "{__name__=\"kvsync_queue_messages\", queue=\"q\"} > 2 * 6e3"));
  }

  @Test
  void comparesQueriesWithWhatAServiceServes() {
    String served =
        """
        # HELP kvsync_batch_load_duration_seconds Time from receiving a batch to its commit
        # TYPE kvsync_batch_load_duration_seconds histogram
        kvsync_batch_load_duration_seconds_bucket{object="metric_v2",le="+Inf"} 3
        kvsync_batch_load_duration_seconds_count{object="metric_v2"} 3
        kvsync_queue_messages{queue="a \\"quoted\\", {odd} name"} 0.0
        process_cpu_usage 0.12 1700000000000
        """;
    Map<String, Set<String>> available = MetricsExposition.labelsByName(served);
    assertEquals(
        Set.of("object", "le"), available.get("kvsync_batch_load_duration_seconds_bucket"));
    assertEquals(Set.of("queue"), available.get("kvsync_queue_messages"));
    assertEquals(Set.of(), available.get("process_cpu_usage"));
    Map<String, Set<String>> queried =
        DashboardMetricNames.inExpression(
            "histogram_quantile(0.9, sum by (le) (rate(kvsync_batch_load_duration_seconds_bucket[5m])))"
                + " + max by (job) (process_cpu_usage) + sum(kvsync_queue_consumers)"
                + " + max by (tier) (kvsync_queue_messages)");
    assertEquals(
        Map.of(
            "kvsync_queue_consumers", "not exported",
            "kvsync_queue_messages", "has no labels [tier]"),
        DashboardMetricNames.unsatisfied(queried, available));
  }

  @Test
  void theExportedListNamesOnlyKvsyncSeriesOfKnownServicesAndMicrometerDefaults() {
    Set<String> services = new TreeSet<>(ServiceConfiguration.SERVICES);
    services.add(ExportedMetrics.EVERY_SERVICE);
    for (ExportedMetrics.Series series : ExportedMetrics.all()) {
      assertTrue(services.contains(series.service()), series.toString());
      boolean kvsync = series.name().startsWith("kvsync_");
      boolean micrometer = series.name().startsWith("jvm_") || series.name().startsWith("process_");
      assertTrue(kvsync != micrometer, series.toString());
      assertEquals(
          series.service().equals(ExportedMetrics.EVERY_SERVICE), micrometer, series.toString());
    }
    Map<String, Set<String>> loader = ExportedMetrics.ofService("loader-service");
    assertEquals(Set.of("object", "outcome"), loader.get("kvsync_batches_loaded_total"));
    assertEquals(Set.of("area", "id"), loader.get("jvm_memory_used_bytes"));
    assertFalse(loader.containsKey("kvsync_cursor_age_seconds"), "a scheduler series");
  }

  private static void assertOnlyExported(Map<String, Set<String>> queried, String where) {
    assertFalse(queried.isEmpty(), where + " queries nothing");
    assertEquals(
        Map.of(),
        DashboardMetricNames.unsatisfied(queried, ExportedMetrics.labelsByName()),
        where + " queries what the services do not export");
  }

  /** Series names without the suffixes one timer or histogram exports several of. */
  private static Set<String> families(Set<String> names) {
    Set<String> families = new TreeSet<>();
    for (String name : names) {
      families.add(name.replaceFirst("_(bucket|count|sum|max)$", ""));
    }
    return families;
  }

  private static String title(JsonNode panel) {
    return panel.path("title").asText();
  }
}
