package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.kvsync.deploy.manifests.DashboardMetricNames;
import io.kvsync.deploy.manifests.ExportedMetrics;
import io.kvsync.deploy.manifests.MetricsExposition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After a real run, every service serves at /q/metrics of its management port each series it
 * promises (and so every series the Grafana dashboard and the alert rules query), with the labels
 * they use: a dashboard panel can never silently show nothing because of a renamed metric.
 */
@ExtendWith(WholeSystem.class)
class MetricsExportedTest {

  /**
   * The management endpoints are served on the management port only: the API port, the one an
   * ingress exposes, answers 404 for them.
   */
  @Test
  void theApiPortsDoNotServeTheManagementEndpoints(RunningSystem system) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (ServiceProcess service :
        List.of(system.scheduler(), system.extractor(), system.loader())) {
      // The scheduler alone has an API to describe: /q/openapi answers 404 everywhere else.
      List<String> paths =
          service == system.scheduler()
              ? List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/openapi")
              : List.of("/q/metrics", "/q/health", "/q/health/ready");
      for (String path : paths) {
        assertEquals(
            404,
            http.send(
                    HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode(),
            service.baseUrl() + path);
        assertNotEquals(
            404,
            http.send(
                    HttpRequest.newBuilder(URI.create(service.managementUrl() + path)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode(),
            service.managementUrl() + path);
      }
    }
  }

  @Test
  void everyPromisedSeriesIsServedAfterARun(RunningSystem system) throws Exception {
    ControlApi api = system.api();
    String schema = "scrape_" + UUID.randomUUID().toString().substring(0, 8);
    String destinationId =
        api.postExpecting(
                "/api/v1/destinations", system.destinationRequest("dest " + schema, schema), 201)
            .get("id")
            .asText();
    String pipelineId =
        api.postExpecting(
                "/api/v1/pipelines",
                MetricReplicationTest.pipelineRequest(
                    "scrape " + schema, destinationId, system.klaviyo().demoKey()),
                201)
            .get("id")
            .asText();
    String jobId =
        api.postExpecting("/api/v1/pipelines/" + pipelineId + "/run-now", null, 202)
            .get("job_id")
            .asText();
    assertEquals(
        "SUCCEEDED", api.awaitJob(jobId, java.time.Duration.ofMinutes(2)).get("status").asText());

    Map<String, ServiceProcess> services =
        Map.of(
            "scheduler-service", system.scheduler(),
            "extractor-service", system.extractor(),
            "loader-service", system.loader());
    Map<String, Set<String>> servedByAny = new java.util.HashMap<>();
    for (Map.Entry<String, ServiceProcess> service : services.entrySet()) {
      Map<String, Set<String>> served =
          MetricsExposition.labelsByName(service.getValue().metrics());
      assertEquals(
          Map.of(),
          DashboardMetricNames.unsatisfied(ExportedMetrics.ofService(service.getKey()), served),
          service.getKey() + " does not serve what it promises at /q/metrics");
      served.forEach(
          (name, labels) ->
              servedByAny.computeIfAbsent(name, n -> new java.util.HashSet<>()).addAll(labels));
    }
    assertEquals(
        Map.of(),
        DashboardMetricNames.unsatisfied(
            DashboardMetricNames.queried(SystemPaths.repositoryRoot()), servedByAny),
        "the dashboard or the alert rules query what no service serves");
  }
}
