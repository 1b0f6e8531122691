package io.kvsync.deploy.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kvsync.deploy.manifests.ComposeFile.ComposeService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The environment and the ports the deployment files give each service are those its
 * application.properties reads: no variable that nothing reads (a typo, a leftover), every required
 * one set, every one whose default points at localhost set, and the HTTP port where it listens.
 */
class ServiceConfigurationTest {

  private static final String KLAVIYO_BASE_URL = "KLAVIYO_BASE_URL";

  /** Read by Quarkus itself rather than through application.properties. */
  private static final Set<String> QUARKUS_RUNTIME_VARIABLES =
      Set.of("QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT", "QUARKUS_MANAGEMENT_HOST");

  /**
   * The security settings of deploy/README.md ("What production must set") that the manifests wire
   * by their fixed names for every service; ProductionOverlayTest checks which service gets which.
   */
  private static final Set<String> SECURITY_SETTINGS =
      Set.of(
          "KVSYNC_MASTER_KEYS",
          "CONTROL_DB_SSL_MODE",
          "CONTROL_DB_CA_CERT_FILE",
          "RABBITMQ_TLS",
          "RABBITMQ_CA_CERT_FILE",
          "KVSYNC_DESTINATION_ALLOWED_NETWORKS");

  /** The key ring replaces the single master key: a service given the ring needs no single key. */
  private static final Map<String, String> SUPERSEDED_BY =
      Map.of("KVSYNC_MASTER_KEY", "KVSYNC_MASTER_KEYS");

  @TestFactory
  Stream<DynamicTest> kubernetesGivesEachServiceTheEnvironmentItReads() {
    return ServiceConfiguration.SERVICES.stream()
        .sorted()
        .map(
            service ->
                DynamicTest.dynamicTest(
                    service,
                    () -> {
                      ServiceConfiguration configuration = ServiceConfiguration.of(service);
                      Set<String> base = kubernetesVariables(service, resourceContainers(service));
                      assertReadsExactly(configuration, base, "deploy/k8s/base");
                      Set<String> patched = kubernetesVariables(service, patchContainers(service));
                      assertReadsOnly(configuration, patched, "deploy/k8s/overlays");
                    }));
  }

  @TestFactory
  Stream<DynamicTest> composeGivesEachServiceTheEnvironmentItReads() {
    ComposeFile compose = ComposeFile.read();
    return ServiceConfiguration.SERVICES.stream()
        .sorted()
        .map(
            service ->
                DynamicTest.dynamicTest(
                    service,
                    () -> {
                      ComposeService composed = compose.services().get(service);
                      assertNotNull(composed, "compose.yaml runs no " + service);
                      assertReadsExactly(
                          ServiceConfiguration.of(service),
                          composed.environment().keySet(),
                          "deploy/compose/compose.yaml");
                    }));
  }

  @Test
  void everyDeploymentFileUsesTheHttpAndManagementPortsEachServiceListensOn() {
    Map<String, Service> services =
        KubernetesManifests.resourcesOfType(Service.class).stream()
            .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
    ComposeFile compose = ComposeFile.read();
    Map<String, Integer> scraped = prometheusTargetPorts();
    for (String service : ServiceConfiguration.SERVICES) {
      ServiceConfiguration configuration = ServiceConfiguration.of(service);
      int port = configuration.httpPort();
      int management = configuration.managementPort();
      assertTrue(configuration.managementInterfaceEnabled(), service + " management interface");
      Container container =
          KubernetesManifestsTest.onlyContainer(KubernetesManifestsTest.deployment(service));
      assertEquals(port, containerPort(container, "http"), service + " containerPort http");
      assertEquals(
          management,
          containerPort(container, "management"),
          service + " containerPort management");
      ServicePort servicePort =
          services.get(service).getSpec().getPorts().stream()
              .filter(p -> "http".equals(p.getName()))
              .findFirst()
              .orElseThrow();
      assertEquals(new IntOrString("http"), servicePort.getTargetPort(), service + " targetPort");
      assertEquals(port, servicePort.getPort(), service + " Service port");
      // Compose publishes the API only; Prometheus reaches the management port on the network.
      assertEquals(
          List.of(port), compose.services().get(service).containerPorts(), service + " compose");
      assertEquals(
          management, scraped.get(service), service + " in deploy/prometheus/prometheus.yml");
    }
  }

  private static int containerPort(Container container, String name) {
    return container.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(container.getName() + " has no port " + name))
        .getContainerPort();
  }

  @Test
  void everyServiceServesTheHealthAndMetricsPathsTheManifestsUse() {
    for (String service : ServiceConfiguration.SERVICES) {
      String pom = DeployTree.read(DeployTree.repositoryRoot().resolve(service).resolve("pom.xml"));
      for (String extension :
          List.of("quarkus-smallrye-health", "quarkus-micrometer-registry-prometheus")) {
        assertTrue(
            pom.contains("<artifactId>" + extension + "</artifactId>"),
            service + " lacks " + extension + ", which serves what the manifests probe or scrape");
      }
      // The probes and the scrape configuration assume Quarkus' default /q/health and /q/metrics
      // (on the management port).
      Map<String, String> settings = ServiceConfiguration.of(service).settings();
      for (String moved :
          List.of(
              "quarkus.http.non-application-root-path",
              "quarkus.smallrye-health.root-path",
              "quarkus.micrometer.export.prometheus.path")) {
        assertFalse(settings.containsKey(moved), service + " moves " + moved);
      }
    }
  }

  @Test
  void whereTheEmulatorRunsEveryServiceThatReadsKlaviyoReadsTheEmulator() {
    String emulator = "http://klaviyo-emulator:8090";
    ComposeFile compose = ComposeFile.read();
    int checked = 0;
    for (String service : ServiceConfiguration.SERVICES) {
      if (!ServiceConfiguration.of(service).reads(KLAVIYO_BASE_URL)) {
        continue;
      }
      checked++;
      assertEquals(
          emulator,
          compose.services().get(service).environment().get(KLAVIYO_BASE_URL),
          service + " in compose.yaml");
      List<String> devValues =
          KubernetesManifests.patchesOfType(Deployment.class).stream()
              .filter(d -> d.getMetadata().getName().equals(service))
              .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
              .flatMap(c -> c.getEnv().stream())
              .filter(env -> env.getName().equals(KLAVIYO_BASE_URL))
              .map(EnvVar::getValue)
              .toList();
      assertEquals(List.of(emulator), devValues, service + " in the dev overlay");
    }
    assertTrue(checked > 0, "no service reads " + KLAVIYO_BASE_URL);
  }

  @Test
  void theEmulatorIsGivenOnlyVariablesItReads() {
    Set<String> known = emulatorVariables();
    assertTrue(known.contains("EMULATOR_PORT"), "the emulator reads EMULATOR_PORT: " + known);
    Set<String> given = new TreeSet<>();
    KubernetesManifests.resourcesOfType(Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals("klaviyo-emulator"))
        .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
        .flatMap(c -> c.getEnv().stream())
        .map(EnvVar::getName)
        .forEach(given::add);
    assertFalse(given.isEmpty(), "the dev overlay runs the emulator");
    given.addAll(ComposeFile.read().services().get("klaviyo-emulator").environment().keySet());
    assertTrue(known.containsAll(given), "the emulator does not read " + minus(given, known));
  }

  private static void assertReadsExactly(
      ServiceConfiguration configuration, Set<String> given, String where) {
    assertReadsOnly(configuration, given, where);
    Set<String> needed = new TreeSet<>(configuration.required());
    needed.addAll(configuration.pointingAtLocalhost());
    needed.removeIf(
        variable ->
            SUPERSEDED_BY.containsKey(variable) && given.contains(SUPERSEDED_BY.get(variable)));
    assertTrue(
        given.containsAll(needed),
        where + " leaves " + configuration.service() + " without " + minus(needed, given));
  }

  private static void assertReadsOnly(
      ServiceConfiguration configuration, Set<String> given, String where) {
    Set<String> unread =
        given.stream()
            .filter(v -> !configuration.reads(v) && !QUARKUS_RUNTIME_VARIABLES.contains(v))
            .filter(v -> !SECURITY_SETTINGS.contains(v))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        Set.of(), unread, where + " sets variables " + configuration.service() + " does not read");
  }

  private static List<Container> resourceContainers(String service) {
    return List.of(
        KubernetesManifestsTest.onlyContainer(KubernetesManifestsTest.deployment(service)));
  }

  private static List<Container> patchContainers(String service) {
    return KubernetesManifests.patchesOfType(Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals(service))
        .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
        .toList();
  }

  /** The variables containers get: their env entries and the keys of the ConfigMaps they import. */
  private static Set<String> kubernetesVariables(String service, List<Container> containers) {
    Map<String, ConfigMap> configMaps =
        KubernetesManifests.resourcesOfType(ConfigMap.class).stream()
            .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c));
    Set<String> variables = new TreeSet<>();
    for (Container container : containers) {
      container.getEnv().stream().map(EnvVar::getName).forEach(variables::add);
      for (EnvFromSource source : container.getEnvFrom()) {
        assertNotNull(source.getConfigMapRef(), service + " imports only ConfigMaps");
        ConfigMap configMap = configMaps.get(source.getConfigMapRef().getName());
        assertNotNull(configMap, service + " imports a missing ConfigMap");
        variables.addAll(configMap.getData().keySet());
      }
    }
    return variables;
  }

  private static Map<String, Integer> prometheusTargetPorts() {
    JsonNode config =
        YamlDocuments.readOne(DeployTree.deploy().resolve("prometheus/prometheus.yml"));
    Map<String, Integer> ports = new TreeMap<>();
    for (JsonNode job : config.path("scrape_configs")) {
      for (JsonNode staticConfig : job.path("static_configs")) {
        for (JsonNode target : staticConfig.path("targets")) {
          String[] hostAndPort = target.asText().split(":");
          ports.put(hostAndPort[0], Integer.valueOf(hostAndPort[1]));
        }
      }
    }
    return ports;
  }

  /** The EMULATOR_* names the emulator's sources mention. */
  private static Set<String> emulatorVariables() {
    Pattern name = Pattern.compile("\"(EMULATOR_[A-Z_]+)\"");
    Path sources = DeployTree.repositoryRoot().resolve("klaviyo-emulator/src/main/java");
    Set<String> names = new TreeSet<>();
    for (Path file : DeployTree.files(sources, ".java")) {
      Matcher matcher = name.matcher(DeployTree.read(file));
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> difference = new TreeSet<>(a);
    difference.removeAll(b);
    return difference;
  }
}
