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
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kvsync.deploy.manifests.KubernetesManifestsTest.Selectors;
import io.kvsync.deploy.manifests.NetworkPolicies.NetworkPolicy;
import io.kvsync.deploy.manifests.NetworkPolicies.Peer;
import io.kvsync.deploy.manifests.NetworkPolicies.PolicyPort;
import io.kvsync.deploy.manifests.OperatorResources.PostgresCluster;
import io.kvsync.deploy.manifests.OperatorResources.RabbitmqCluster;
import io.kvsync.deploy.manifests.YamlDocuments.Document;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl kustomize deploy/k8s/overlays/prod} prints, rendered offline: the
 * NetworkPolicies close every door but those the services need, the connections to the control
 * database and the broker are encrypted and verified, and nothing secret is written in it.
 */
class ProductionOverlayTest {

  private static final Path PROD = DeployTree.kubernetes().resolve("overlays/prod");

  private static final List<Document> RENDERED = render();

  private static List<Document> render() {
    List<Document> documents = new ArrayList<>();
    for (JsonNode node : KustomizeBuild.render(PROD)) {
      documents.add(new Document(PROD.resolve("(rendered)"), documents.size(), node));
    }
    return documents;
  }

  private static <T> List<T> ofType(Class<T> type) {
    return RENDERED.stream()
        .map(KubernetesManifests::bind)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  private static Deployment deployment(String name) {
    return ofType(Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the prod overlay runs no " + name));
  }

  private static Map<String, String> podLabels(String service) {
    return deployment(service).getSpec().getTemplate().getMetadata().getLabels();
  }

  private static List<NetworkPolicy> policiesFor(String service, String direction) {
    return ofType(NetworkPolicy.class).stream()
        .filter(p -> p.isFor(direction))
        .filter(p -> Selectors.matches(p.spec().podSelector(), podLabels(service)))
        .toList();
  }

  @Test
  void everythingRendersAndLandsInTheKvsyncNamespace() {
    assertTrue(RENDERED.size() > 20, "only " + RENDERED.size() + " documents");
    for (Document document : RENDERED) {
      KubernetesManifests.bind(document);
      assertEquals(
          "kvsync", document.node().path("metadata").path("namespace").asText(), "" + document);
    }
  }

  @Test
  void ingressIsDeniedByDefaultInTheNamespace() {
    List<NetworkPolicy> denyAll =
        ofType(NetworkPolicy.class).stream()
            .filter(p -> p.isFor("Ingress"))
            .filter(p -> isEmpty(p.spec().podSelector()))
            .toList();
    assertEquals(1, denyAll.size(), "one policy selecting every pod");
    assertEquals(List.of(), denyAll.get(0).spec().ingressRules(), "it lets nothing in");
  }

  @Test
  void onlyPrometheusReachesTheManagementPortOfEachService() {
    for (String service : ServiceConfiguration.SERVICES) {
      List<NetworkPolicy> ingress = policiesFor(service, "Ingress");
      List<Peer> managementPeers = new ArrayList<>();
      for (NetworkPolicy policy : ingress) {
        for (var rule : policy.spec().ingressRules()) {
          assertNotNull(rule.ports(), policy.metadata().getName() + " opens every port");
          assertNotNull(rule.from(), policy.metadata().getName() + " lets anyone in");
          if (rule.ports().stream().map(PolicyPort::value).anyMatch("management"::equals)) {
            managementPeers.addAll(rule.from());
          }
        }
      }
      assertFalse(managementPeers.isEmpty(), service + ": nothing reaches its management port");
      for (Peer peer : managementPeers) {
        assertEquals(
            Map.of("kubernetes.io/metadata.name", "monitoring"),
            peer.namespaceSelector().getMatchLabels(),
            service + " management port");
        assertEquals(
            Map.of("app.kubernetes.io/name", "prometheus"),
            peer.podSelector().getMatchLabels(),
            service + " management port");
      }
    }
  }

  @Test
  void onlyTheIngressControllerReachesTheSchedulersApiAndNoWorkerTakesRequests() {
    for (String service : ServiceConfiguration.SERVICES) {
      Set<String> openPorts = new TreeSet<>();
      for (NetworkPolicy policy : policiesFor(service, "Ingress")) {
        for (var rule : policy.spec().ingressRules()) {
          rule.ports().stream().map(PolicyPort::value).forEach(openPorts::add);
          if (rule.ports().stream().map(PolicyPort::value).anyMatch("http"::equals)) {
            assertEquals(1, rule.from().size(), policy.metadata().getName());
            Peer peer = rule.from().get(0);
            assertEquals(
                Map.of("kubernetes.io/metadata.name", "ingress-nginx"),
                peer.namespaceSelector().getMatchLabels(),
                policy.metadata().getName());
            assertEquals(null, peer.podSelector(), policy.metadata().getName());
          }
        }
      }
      Set<String> expected =
          service.equals("scheduler-service") ? Set.of("http", "management") : Set.of("management");
      assertEquals(expected, openPorts, service + " takes connections on");
    }
  }

  @Test
  void eachServiceReachesOnlyDnsTheBrokerAndWhatItsWorkNeeds() {
    Map<String, Set<String>> expected =
        Map.of(
            "scheduler-service", Set.of("53", "5671", "5672", "5432", "443"),
            "extractor-service", Set.of("53", "5671", "5672", "443"),
            "loader-service", Set.of("53", "5671", "5672", "5432", "443"));
    for (String service : ServiceConfiguration.SERVICES) {
      List<NetworkPolicy> egress = policiesFor(service, "Egress");
      assertFalse(egress.isEmpty(), service + " has no egress policy: it reaches anything");
      Set<String> ports = new TreeSet<>();
      for (NetworkPolicy policy : egress) {
        for (var rule : policy.spec().egressRules()) {
          assertNotNull(rule.ports(), policy.metadata().getName() + " allows every port");
          assertNotNull(rule.to(), policy.metadata().getName() + " allows every destination");
          rule.ports().stream().map(PolicyPort::value).forEach(ports::add);
          for (Peer peer : rule.to()) {
            if (peer.ipBlock() != null) {
              // Addresses outside the cluster: public ones only, never the metadata service.
              assertTrue(
                  peer.ipBlock().except().containsAll(List.of("169.254.0.0/16", "10.0.0.0/8")),
                  policy.metadata().getName() + " " + peer.ipBlock());
            }
          }
        }
      }
      assertEquals(expected.get(service), ports, service + " reaches ports");
    }
  }

  @Test
  void theControlDatabaseIsVerifiedAgainstTheClustersCaAndRefusesPlainConnections() {
    Container scheduler = onlyContainer("scheduler-service");
    Map<String, EnvVar> env = env(scheduler);
    assertEquals("verify-full", env.get("CONTROL_DB_SSL_MODE").getValue());
    String caFile = env.get("CONTROL_DB_CA_CERT_FILE").getValue();
    PostgresCluster database = ofType(PostgresCluster.class).get(0);
    assertEquals(
        database.metadata().getName() + "-ca",
        mountedSecret(deployment("scheduler-service"), scheduler, caFile),
        "the CA CloudNativePG made for the cluster");
    assertTrue(
        database
            .spec()
            .postgresql()
            .pgHba()
            .containsAll(
                List.of("hostnossl all all 0.0.0.0/0 reject", "hostnossl all all ::/0 reject")));
  }

  @Test
  void everyServiceSpeaksAmqpsToABrokerWithoutPlainListeners() {
    RabbitmqCluster broker = ofType(RabbitmqCluster.class).get(0);
    assertNotNull(broker.spec().tls(), "the RabbitmqCluster serves TLS");
    assertNotNull(broker.spec().tls().secretName());
    assertEquals(Boolean.TRUE, broker.spec().tls().disableNonTLSListeners());
    for (String service : ServiceConfiguration.SERVICES) {
      Container container = onlyContainer(service);
      Map<String, String> settings = settings(container);
      assertEquals("true", settings.get("RABBITMQ_TLS"), service);
      assertEquals("5671", settings.get("RABBITMQ_PORT"), service);
      assertEquals(
          broker.spec().tls().caSecretName(),
          mountedSecret(deployment(service), container, settings.get("RABBITMQ_CA_CERT_FILE")),
          service + " trusts the broker's CA");
    }
  }

  @Test
  void theKeyRingComesFromASecretAndTheDestinationNetworksAreLeftToTheOperator() {
    for (String service : ServiceConfiguration.SERVICES) {
      EnvVar keys = env(onlyContainer(service)).get("KVSYNC_MASTER_KEYS");
      assertNotNull(keys, service + " gets KVSYNC_MASTER_KEYS");
      assertNotNull(keys.getValueFrom().getSecretKeyRef(), service + " from a Secret");
      assertFalse(env(onlyContainer(service)).containsKey("KVSYNC_MASTER_KEY"), service);
    }
    assertEquals(
        "",
        env(onlyContainer("scheduler-service"))
            .get("KVSYNC_DESTINATION_ALLOWED_NETWORKS")
            .getValue());
  }

  private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|TOKEN|SECRET|KEYS?$");

  /** Base64 of 24 bytes or more, long hex, Klaviyo keys, PEM blocks: what keys look like. */
  private static final Pattern SECRET_VALUE =
      Pattern.compile(
          "[A-Za-z0-9+/]{32,}={0,2}|[0-9a-fA-F]{32,}|pk_[A-Za-z0-9_]{8,}|-----BEGIN|://[^/\\s:@]+:[^/\\s@]+@");

  @Test
  void noSecretIsWrittenInTheRenderedManifests() {
    List<String> found = new ArrayList<>();
    for (Document document : RENDERED) {
      if (document.kind().equals("Secret")
          && (document.node().has("data") || document.node().has("stringData"))) {
        found.add(document + " carries data");
      }
      scan(document.node(), document.toString(), found);
    }
    for (Deployment deployment : ofType(Deployment.class)) {
      for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        for (EnvVar env : container.getEnv()) {
          if (SECRET_NAME.matcher(env.getName()).find()) {
            boolean fromSecret =
                env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null;
            if (!fromSecret) {
              found.add(container.getName() + " " + env.getName() + " is not read from a Secret");
            }
          }
        }
      }
    }
    for (ConfigMap configMap : ofType(ConfigMap.class)) {
      configMap.getData().keySet().stream()
          .filter(key -> SECRET_NAME.matcher(key).find())
          .forEach(key -> found.add("ConfigMap " + configMap.getMetadata().getName() + " " + key));
    }
    assertEquals(List.of(), found);
  }

  @Test
  void theSecretScanFindsWhatKeysLookLike() {
    List<String> found = new ArrayList<>();
    JsonNode planted =
        YamlDocuments.parse(
                Path.of("inline.yaml"),
                """
                env:
                  - value: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
                  - value: amqp://kvsync:hunter2@kvsync-rabbitmq:5672
                  - value: pk_emulator_demo_key_0001
                  - value: verify-full
                """)
            .get(0)
            .node();
    scan(planted, "planted", found);
    assertEquals(3, found.size(), found.toString());
  }

  private static void scan(JsonNode node, String where, List<String> found) {
    if (node.isTextual() && SECRET_VALUE.matcher(node.asText()).find()) {
      found.add(
          where + ": " + node.asText().substring(0, Math.min(12, node.asText().length())) + "…");
    }
    node.elements().forEachRemaining(child -> scan(child, where, found));
  }

  private static boolean isEmpty(LabelSelector selector) {
    return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
  }

  private static Container onlyContainer(String service) {
    return KubernetesManifestsTest.onlyContainer(deployment(service));
  }

  private static Map<String, EnvVar> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  /** The container's literal settings: its env values and the ConfigMaps it imports. */
  private static Map<String, String> settings(Container container) {
    Map<String, ConfigMap> configMaps =
        ofType(ConfigMap.class).stream()
            .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c));
    Map<String, String> settings = new HashMap<>();
    for (EnvFromSource source : container.getEnvFrom()) {
      settings.putAll(configMaps.get(source.getConfigMapRef().getName()).getData());
    }
    for (EnvVar env : container.getEnv()) {
      if (env.getValue() != null) {
        settings.put(env.getName(), env.getValue());
      }
    }
    return settings;
  }

  /** The Secret whose key is mounted at {@code file} in the container (null if none is). */
  private static String mountedSecret(Deployment deployment, Container container, String file) {
    assertNotNull(file, container.getName() + ": no file named");
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    for (VolumeMount mount : container.getVolumeMounts()) {
      if (!file.startsWith(mount.getMountPath() + "/")) {
        continue;
      }
      String path = file.substring(mount.getMountPath().length() + 1);
      for (Volume volume : pod.getVolumes()) {
        if (volume.getName().equals(mount.getName()) && volume.getSecret() != null) {
          boolean holdsIt =
              volume.getSecret().getItems().stream().anyMatch(item -> item.getPath().equals(path));
          return holdsIt ? volume.getSecret().getSecretName() : null;
        }
      }
    }
    return null;
  }
}
