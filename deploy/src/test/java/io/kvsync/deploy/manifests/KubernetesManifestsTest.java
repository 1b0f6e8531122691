package io.kvsync.deploy.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleSpec;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kvsync.deploy.manifests.KubernetesManifests.KustomizationDirectory;
import io.kvsync.deploy.manifests.OperatorResources.PostgresCluster;
import io.kvsync.deploy.manifests.OperatorResources.PostgresDatabase;
import io.kvsync.deploy.manifests.OperatorResources.RabbitmqCluster;
import io.kvsync.deploy.manifests.OperatorResources.ScaleTrigger;
import io.kvsync.deploy.manifests.OperatorResources.ScaledObject;
import io.kvsync.deploy.manifests.OperatorResources.TriggerAuthentication;
import io.kvsync.deploy.manifests.YamlDocuments.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KubernetesManifestsTest {

  private static final Map<String, String> HEALTH_PATHS =
      Map.of(
          "startup", "/q/health/started",
          "readiness", "/q/health/ready",
          "liveness", "/q/health/live");

  @Test
  void everyManifestAndPatchBindsStrictlyToTheSchemaOfItsKind() {
    List<String> problems = new ArrayList<>();
    int documents = 0;
    for (Path file : DeployTree.yamlFiles(DeployTree.kubernetes())) {
      for (Document document : YamlDocuments.read(file)) {
        documents++;
        try {
          KubernetesManifests.bind(document);
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
    }
    assertTrue(documents > 20, "only " + documents + " documents under deploy/k8s");
    assertEquals(List.of(), problems);
  }

  @Test
  void strictBindingRefusesFieldsTheSchemaDoesNotDeclare() {
    String misspeltDeployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: loader-service
        spec:
          replica: 2
        """;
    String misplacedScaledObjectField =
        """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata:
          name: loader-service
        spec:
          scaleTargetRef:
            name: loader-service
            maxReplicaCount: 3
        """;
    String severityOutsideLabels =
        """
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata:
          name: kvsync
        spec:
          groups:
            - name: kvsync.queues
              rules:
                - alert: KvsyncDeadLetters
                  expr: kvsync_queue_messages > 0
                  severity: warning
        """;
    String unknownKind =
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: loader-service
        """;
    Map<String, String> refusedFor =
        Map.of(
            misspeltDeployment, "\"replica\"",
            misplacedScaledObjectField, "\"maxReplicaCount\"",
            severityOutsideLabels, "\"severity\"",
            unknownKind, "no schema for v1 Pod");
    refusedFor.forEach(
        (yaml, reason) -> {
          Document document = YamlDocuments.parse(Path.of("inline.yaml"), yaml).get(0);
          IllegalArgumentException refusal =
              assertThrows(
                  IllegalArgumentException.class, () -> KubernetesManifests.bind(document), yaml);
          assertTrue(refusal.getMessage().contains(reason), refusal.getMessage());
        });
    assertThrows(
        RuntimeException.class,
        () -> YamlDocuments.parse(Path.of("inline.yaml"), "kind: Service\nkind: Secret\n"),
        "a duplicate key");
  }

  @Test
  void everyKustomizationNamesPathsThatExistAndEveryFileBelongsToOne() {
    List<KustomizationDirectory> kustomizations = KubernetesManifests.kustomizations();
    Set<Path> directories =
        kustomizations.stream().map(KustomizationDirectory::directory).collect(Collectors.toSet());
    assertTrue(directories.contains(DeployTree.kubernetes().resolve("base")), "a base");
    assertTrue(directories.contains(DeployTree.kubernetes().resolve("overlays/dev")), "dev");
    assertTrue(directories.contains(DeployTree.kubernetes().resolve("overlays/prod")), "prod");

    Set<Path> referenced = new HashSet<>();
    for (KustomizationDirectory kustomization : kustomizations) {
      for (Path path : kustomization.referencedPaths()) {
        boolean exists =
            Files.isRegularFile(path)
                || Files.isRegularFile(path.resolve(KubernetesManifests.KUSTOMIZATION_FILE));
        assertTrue(exists, kustomization.directory() + " names " + path + ", which does not exist");
        referenced.add(path);
      }
      assertTrue(
          kustomization.kustomization().getSecretGenerator() == null
              || kustomization.kustomization().getSecretGenerator().isEmpty(),
          kustomization.directory() + " generates a Secret: Secrets are created, not committed");
    }
    for (Path file : DeployTree.yamlFiles(DeployTree.kubernetes())) {
      if (!file.getFileName().toString().equals(KubernetesManifests.KUSTOMIZATION_FILE)) {
        assertTrue(referenced.contains(file), file + " is in no kustomization");
      }
    }
  }

  @Test
  void everyPatchNamesAResourceAndEveryImageOverrideAnImageInUse() {
    Set<String> resources = new HashSet<>();
    Set<String> images = new HashSet<>();
    for (Document document : KubernetesManifests.resources()) {
      resources.add(document.kind() + "/" + document.name());
    }
    for (Deployment deployment : KubernetesManifests.resourcesOfType(Deployment.class)) {
      deployment.getSpec().getTemplate().getSpec().getContainers().stream()
          .map(Container::getImage)
          .forEach(images::add);
    }
    for (Document patch : KubernetesManifests.patches()) {
      assertTrue(
          resources.contains(patch.kind() + "/" + patch.name()),
          patch + " patches a resource that no kustomization has");
    }
    for (KustomizationDirectory kustomization : KubernetesManifests.kustomizations()) {
      var overrides = kustomization.kustomization().getImages();
      if (overrides == null) {
        continue;
      }
      for (var image : overrides) {
        // Kustomize silently ignores an override whose name matches no container image.
        assertTrue(
            images.contains(image.getName()),
            kustomization.directory() + " overrides " + image.getName() + ", which nothing runs");
      }
    }
  }

  @Test
  void everyServiceDeploymentProbesTheQuarkusHealthEndpointsOnItsManagementPort() {
    List<Deployment> services = serviceDeployments();
    assertEquals(ServiceConfiguration.SERVICES, names(services));
    for (Deployment deployment : services) {
      Container container = onlyContainer(deployment);
      Map<String, Probe> probes =
          Map.of(
              "startup", nonNull(container.getStartupProbe(), deployment, "startup probe"),
              "readiness", nonNull(container.getReadinessProbe(), deployment, "readiness probe"),
              "liveness", nonNull(container.getLivenessProbe(), deployment, "liveness probe"));
      probes.forEach(
          (kind, probe) -> {
            HTTPGetAction get = nonNull(probe.getHttpGet(), deployment, kind + " httpGet");
            assertEquals(HEALTH_PATHS.get(kind), get.getPath(), name(deployment) + " " + kind);
            assertEquals("management", get.getPort().getStrVal(), name(deployment) + " " + kind);
          });
      for (String port : List.of("http", "management")) {
        assertTrue(
            container.getPorts().stream().anyMatch(p -> port.equals(p.getName())),
            name(deployment) + " names no port " + port);
      }
    }
  }

  @Test
  void everyDeploymentProbesItsHealthAndSetsRequestsAndLimits() {
    for (Deployment deployment : KubernetesManifests.resourcesOfType(Deployment.class)) {
      for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        String where = name(deployment) + "/" + container.getName();
        assertNotNull(container.getStartupProbe(), where + " startup probe");
        assertNotNull(container.getReadinessProbe(), where + " readiness probe");
        assertNotNull(container.getLivenessProbe(), where + " liveness probe");
        var resources = nonNull(container.getResources(), deployment, "resources");
        assertNotNull(resources.getRequests(), where + " requests");
        assertNotNull(resources.getLimits(), where + " limits");
        assertTrue(resources.getRequests().containsKey("cpu"), where + " requests cpu");
        assertTrue(resources.getRequests().containsKey("memory"), where + " requests memory");
        assertTrue(resources.getLimits().containsKey("memory"), where + " limits memory");
      }
    }
  }

  @Test
  void everyDeploymentRunsAsNonRootOnAReadOnlyFilesystemWritingOnlyToATmpEmptyDir() {
    for (Deployment deployment : KubernetesManifests.resourcesOfType(Deployment.class)) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertEquals(
          Boolean.TRUE,
          nonNull(pod.getSecurityContext(), deployment, "pod securityContext").getRunAsNonRoot(),
          name(deployment) + " runAsNonRoot");
      assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), name(deployment));
      Map<String, Volume> volumes =
          pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
      for (Container container : pod.getContainers()) {
        String where = name(deployment) + "/" + container.getName();
        var security = nonNull(container.getSecurityContext(), deployment, "securityContext");
        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), where);
        assertEquals(Boolean.TRUE, security.getRunAsNonRoot(), where);
        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), where);
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), where);
        List<VolumeMount> mounts = container.getVolumeMounts();
        assertEquals(1, mounts.size(), where + " mounts exactly /tmp");
        assertEquals("/tmp", mounts.get(0).getMountPath(), where);
        Volume tmp = volumes.get(mounts.get(0).getName());
        assertNotNull(tmp, where + " mounts a volume the pod lacks");
        assertNotNull(tmp.getEmptyDir(), where + " /tmp is an emptyDir");
      }
    }
  }

  @Test
  void everyServiceDeploymentHasADisruptionBudgetSelectingItsPods() {
    Map<String, PodDisruptionBudget> budgets =
        KubernetesManifests.resourcesOfType(PodDisruptionBudget.class).stream()
            .collect(Collectors.toMap(b -> b.getMetadata().getName(), b -> b));
    for (Deployment deployment : serviceDeployments()) {
      PodDisruptionBudget budget = budgets.get(name(deployment));
      assertNotNull(budget, name(deployment) + " has no PodDisruptionBudget");
      Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      assertTrue(
          podLabels
              .entrySet()
              .containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()),
          "the budget of " + name(deployment) + " selects other pods");
      assertTrue(
          (budget.getSpec().getMinAvailable() == null)
              != (budget.getSpec().getMaxUnavailable() == null),
          "the budget of " + name(deployment) + " sets one of minAvailable and maxUnavailable");
    }
  }

  @Test
  void theWorkersScaleOnTheDepthOfTheQueueTheyConsume() {
    Map<String, Deployment> deployments =
        KubernetesManifests.resourcesOfType(Deployment.class).stream()
            .collect(Collectors.toMap(KubernetesManifestsTest::name, d -> d));
    Set<String> authentications =
        KubernetesManifests.resourcesOfType(TriggerAuthentication.class).stream()
            .map(a -> a.metadata().getName())
            .collect(Collectors.toSet());
    Map<String, String> queueByTarget = new TreeMap<>();
    for (ScaledObject scaled : KubernetesManifests.resourcesOfType(ScaledObject.class)) {
      String target = scaled.spec().scaleTargetRef().name();
      Deployment deployment = deployments.get(target);
      assertNotNull(deployment, scaled.metadata().getName() + " scales a missing Deployment");
      assertNull(
          deployment.getSpec().getReplicas(),
          target + " sets replicas, which would fight the autoscaler on every apply");
      assertTrue(
          scaled.spec().minReplicaCount() != null && scaled.spec().minReplicaCount() >= 1,
          target + " may scale to zero: its queue would lose its consumers");
      assertEquals(1, scaled.spec().triggers().size(), target);
      ScaleTrigger trigger = scaled.spec().triggers().get(0);
      assertEquals("rabbitmq", trigger.type(), target);
      assertEquals("QueueLength", trigger.metadata().get("mode"), target);
      assertTrue(
          authentications.contains(trigger.authenticationRef().name()),
          target + " authenticates with a missing TriggerAuthentication");
      String queue = trigger.metadata().get("queueName");
      assertTrue(
          ServiceConfiguration.of(target).consumedQueues().contains(queue),
          target + " scales on " + queue + ", which it does not consume");
      queueByTarget.put(target, queue);
    }
    assertEquals(
        Map.of("extractor-service", "extractor.commands", "loader-service", "loader.batches"),
        queueByTarget);
  }

  @Test
  void theServiceMonitorScrapesEveryServiceOnItsMetricsPath() {
    List<ServiceMonitor> monitors = KubernetesManifests.resourcesOfType(ServiceMonitor.class);
    assertEquals(1, monitors.size());
    ServiceMonitor monitor = monitors.get(0);
    Map<String, Service> services =
        KubernetesManifests.resourcesOfType(Service.class).stream()
            .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
    Set<String> selected = new TreeSet<>();
    for (String name : ServiceConfiguration.SERVICES) {
      Service service = services.get(name);
      assertNotNull(service, "no Service " + name);
      if (Selectors.matches(monitor.getSpec().getSelector(), service.getMetadata().getLabels())) {
        selected.add(name);
      }
      Set<String> portNames =
          service.getSpec().getPorts().stream()
              .map(ServicePort::getName)
              .collect(Collectors.toSet());
      for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
        assertTrue(
            portNames.contains(endpoint.getPort()), name + " has no port " + endpoint.getPort());
      }
    }
    assertEquals(new TreeSet<>(ServiceConfiguration.SERVICES), selected);
    for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
      assertEquals("/q/metrics", endpoint.getPath());
      // Metrics are served on the management port only (the API port answers 404).
      assertEquals("management", endpoint.getPort());
    }
    assertNull(
        monitor.getSpec().getJobLabel(),
        "the dashboard groups by job = the Service name, the ServiceMonitor default");
  }

  @Test
  void thePrometheusRuleCarriesExactlyTheAlertRulesOfDeployPrometheus() {
    List<PrometheusRule> rules = KubernetesManifests.resourcesOfType(PrometheusRule.class);
    assertEquals(1, rules.size());
    PrometheusRuleSpec file = RuleFiles.read(DeployTree.deploy().resolve("prometheus/alerts.yml"));
    assertEquals(file, rules.get(0).getSpec());
  }

  @Test
  void everyAlertHasASeverityASummaryAndADescription() {
    PrometheusRuleSpec file = RuleFiles.read(DeployTree.deploy().resolve("prometheus/alerts.yml"));
    Set<String> alerts = new TreeSet<>();
    for (RuleGroup group : file.getGroups()) {
      for (Rule rule : group.getRules()) {
        assertNotNull(rule.getAlert(), "a rule of " + group.getName() + " is no alert");
        assertTrue(alerts.add(rule.getAlert()), "two alerts " + rule.getAlert());
        assertTrue(
            Set.of("critical", "warning", "info").contains(rule.getLabels().get("severity")),
            rule.getAlert() + " severity");
        assertTrue(
            rule.getAnnotations().keySet().containsAll(Set.of("summary", "description")),
            rule.getAlert() + " annotations");
      }
    }
    assertTrue(
        alerts.containsAll(
            Set.of(
                "KvsyncDataStale",
                "KvsyncJobFailed",
                "KvsyncJobDeferred",
                "KvsyncDeadLetters",
                "KvsyncConsumersGone",
                "KvsyncKlaviyo429Storm")),
        alerts.toString());
  }

  @Test
  void theServicesFindTheBrokerAndTheDatabaseTheOperatorsRun() {
    RabbitmqCluster broker = only(KubernetesManifests.resourcesOfType(RabbitmqCluster.class));
    ConfigMap brokerConfig =
        KubernetesManifests.resourcesOfType(ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().equals("kvsync-broker"))
            .findFirst()
            .orElseThrow();
    // The operator's client Service is named after the cluster.
    assertEquals(broker.metadata().getName(), brokerConfig.getData().get("RABBITMQ_HOST"));
    assertEquals("5672", brokerConfig.getData().get("RABBITMQ_PORT"));

    PostgresCluster database = only(KubernetesManifests.resourcesOfType(PostgresCluster.class));
    String controlDbUrl =
        onlyContainer(deployment("scheduler-service")).getEnv().stream()
            .filter(env -> env.getName().equals("CONTROL_DB_URL"))
            .findFirst()
            .orElseThrow()
            .getValue();
    // CloudNativePG's read-write Service is <cluster>-rw.
    assertEquals(
        "postgresql://"
            + database.metadata().getName()
            + "-rw:5432/"
            + database.spec().bootstrap().initdb().database(),
        controlDbUrl);
    for (PostgresDatabase destination :
        KubernetesManifests.resourcesOfType(PostgresDatabase.class)) {
      assertEquals(database.metadata().getName(), destination.spec().cluster().getName());
      assertEquals(database.spec().bootstrap().initdb().owner(), destination.spec().owner());
    }
  }

  static List<Deployment> serviceDeployments() {
    return KubernetesManifests.resourcesOfType(Deployment.class).stream()
        .filter(d -> ServiceConfiguration.SERVICES.contains(name(d)))
        .toList();
  }

  static Deployment deployment(String name) {
    return serviceDeployments().stream()
        .filter(d -> name(d).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  static Container onlyContainer(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertEquals(1, containers.size(), name(deployment) + " runs one container");
    assertEquals(name(deployment), containers.get(0).getName());
    return containers.get(0);
  }

  static String name(Deployment deployment) {
    return deployment.getMetadata().getName();
  }

  private static Set<String> names(List<Deployment> deployments) {
    return deployments.stream().map(KubernetesManifestsTest::name).collect(Collectors.toSet());
  }

  private static <T> T only(List<T> items) {
    assertEquals(1, items.size(), "expected exactly one: " + items);
    return items.get(0);
  }

  private static <T> T nonNull(T value, Deployment deployment, String what) {
    assertNotNull(value, name(deployment) + " has no " + what);
    return value;
  }

  /** Evaluates a label selector the way the API server does, for the operators used here. */
  static final class Selectors {
    private Selectors() {}

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
      Map<String, String> actual = labels == null ? Map.of() : labels;
      if (selector.getMatchLabels() != null
          && !actual.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
        return false;
      }
      if (selector.getMatchExpressions() == null) {
        return true;
      }
      return selector.getMatchExpressions().stream()
          .allMatch(
              requirement -> {
                String value = actual.get(requirement.getKey());
                return switch (requirement.getOperator()) {
                  case "In" -> value != null && requirement.getValues().contains(value);
                  case "NotIn" -> value == null || !requirement.getValues().contains(value);
                  case "Exists" -> value != null;
                  case "DoesNotExist" -> value == null;
                  default -> throw new IllegalArgumentException(requirement.getOperator());
                };
              });
    }
  }
}
