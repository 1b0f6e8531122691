package io.kvsync.deploy.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.deploy.manifests.ComposeFile.ComposeService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The Compose setup cannot run here (no Docker engine), so its wiring is checked offline. */
class ComposeFileTest {

  private static final Path COMPOSE_DIRECTORY = ComposeFile.location().getParent();

  @Test
  void runsTheBrokerTheDatabaseTheEmulatorTheServicesPrometheusAndGrafana() {
    Set<String> expected = new TreeSet<>(ServiceConfiguration.SERVICES);
    expected.addAll(Set.of("rabbitmq", "postgres", "klaviyo-emulator", "prometheus", "grafana"));
    assertEquals(expected, new TreeSet<>(ComposeFile.read().services().keySet()));
  }

  @Test
  void everyImageIsPinnedAndEveryBuiltOneHasItsDockerfile() {
    ComposeFile.read()
        .services()
        .forEach(
            (name, service) -> {
              assertNotNull(service.image(), name + " names no image");
              String tag = service.image().substring(service.image().lastIndexOf(':') + 1);
              assertTrue(
                  service.image().contains(":") && !tag.equals("latest"),
                  name + " runs an unpinned image " + service.image());
              if (service.build() != null) {
                Path context = COMPOSE_DIRECTORY.resolve(service.build().context()).normalize();
                Path dockerfile = context.resolve(service.build().dockerfile()).normalize();
                assertTrue(Files.isRegularFile(dockerfile), name + ": no " + dockerfile);
              }
            });
  }

  @Test
  void everyMountedFileExistsAndEveryNamedVolumeIsDeclared() {
    ComposeFile compose = ComposeFile.read();
    compose
        .services()
        .forEach(
            (name, service) -> {
              for (String volume : nonNull(service.volumes())) {
                String source = volume.substring(0, volume.indexOf(':'));
                if (source.startsWith(".")) {
                  Path path = COMPOSE_DIRECTORY.resolve(source).normalize();
                  assertTrue(Files.exists(path), name + " mounts missing " + path);
                } else {
                  assertTrue(
                      compose.volumes().containsKey(source), name + " mounts undeclared " + source);
                }
              }
            });
  }

  @Test
  void everyDependencyIsAServiceAndWaitsForHealthWhereThereIsAHealthCheck() {
    Map<String, ComposeService> services = ComposeFile.read().services();
    services.forEach(
        (name, service) -> {
          if (service.dependsOn() == null) {
            return;
          }
          service
              .dependsOn()
              .forEach(
                  (dependency, condition) -> {
                    ComposeService target = services.get(dependency);
                    assertNotNull(target, name + " depends on unknown " + dependency);
                    String expected =
                        target.healthcheck() != null ? "service_healthy" : "service_started";
                    assertEquals(expected, condition.condition(), name + " → " + dependency);
                  });
        });
  }

  @Test
  void theJavaContainersRunReadOnlyWithATmpfsAndComeBackWhenTheyExit() {
    Map<String, ComposeService> services = ComposeFile.read().services();
    Set<String> java = new TreeSet<>(ServiceConfiguration.SERVICES);
    java.add("klaviyo-emulator");
    for (String name : java) {
      ComposeService service = services.get(name);
      assertEquals(Boolean.TRUE, service.readOnly(), name);
      assertEquals(List.of("/tmp"), service.tmpfs(), name);
      assertEquals("unless-stopped", service.restart(), name);
    }
  }

  /**
   * The emulator's admin API changes data and injects faults without a key: Compose publishes it on
   * the host's loopback only (the services' management ports are not published at all:
   * ServiceConfigurationTest).
   */
  @Test
  void theEmulatorsAdminApiIsPublishedOnTheHostsLoopbackOnly() {
    Map<String, ComposeService> services = ComposeFile.read().services();
    ComposeService emulator = services.get("klaviyo-emulator");
    String adminPort = emulator.environment().get("EMULATOR_ADMIN_PORT");
    assertNotNull(adminPort, "the emulator's admin port is set");
    List<String> published =
        emulator.ports().stream().filter(p -> p.endsWith(":" + adminPort)).toList();
    assertEquals(List.of("127.0.0.1:" + adminPort + ":" + adminPort), published);
  }

  @Test
  void prometheusLoadsTheAlertRulesAndGrafanaTheDashboardFromThePrometheusService() {
    Map<String, ComposeService> services = ComposeFile.read().services();
    Map<String, String> prometheusMounts = mounts(services.get("prometheus"));
    JsonNode config =
        YamlDocuments.readOne(
            COMPOSE_DIRECTORY.resolve(prometheusMounts.get("/etc/prometheus/prometheus.yml")));
    for (JsonNode ruleFile : config.path("rule_files")) {
      assertTrue(
          prometheusMounts.containsKey(ruleFile.asText()),
          "prometheus.yml loads " + ruleFile.asText() + ", which is not mounted");
    }
    assertEquals(1, config.path("rule_files").size());

    Map<String, String> grafanaMounts = mounts(services.get("grafana"));
    Path provisioning =
        COMPOSE_DIRECTORY.resolve(grafanaMounts.get("/etc/grafana/provisioning")).normalize();
    JsonNode dashboards = YamlDocuments.readOne(provisioning.resolve("dashboards/kvsync.yml"));
    String dashboardPath =
        dashboards.path("providers").get(0).path("options").path("path").asText();
    Path dashboardSource = COMPOSE_DIRECTORY.resolve(grafanaMounts.get(dashboardPath)).normalize();
    assertTrue(
        Files.isRegularFile(dashboardSource.resolve("kvsync.json")), dashboardSource.toString());
    String home =
        services.get("grafana").environment().get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    assertEquals(dashboardPath + "/kvsync.json", home);

    JsonNode datasources =
        YamlDocuments.readOne(provisioning.resolve("datasources/prometheus.yml"));
    String url = datasources.path("datasources").get(0).path("url").asText();
    assertEquals("http://prometheus:9090", url);
    assertTrue(services.get("prometheus").containerPorts().contains(9090));
  }

  /** Container path → host path of a service's bind mounts. */
  private static Map<String, String> mounts(ComposeService service) {
    Map<String, String> mounts = new TreeMap<>();
    for (String volume : nonNull(service.volumes())) {
      String[] parts = volume.split(":");
      mounts.put(parts[1], parts[0]);
    }
    return mounts;
  }

  private static List<String> nonNull(List<String> list) {
    return list == null ? List.of() : list;
  }
}
