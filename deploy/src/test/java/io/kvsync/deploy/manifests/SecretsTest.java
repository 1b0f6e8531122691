package io.kvsync.deploy.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kvsync.deploy.manifests.OperatorResources.PostgresCluster;
import io.kvsync.deploy.manifests.OperatorResources.RabbitmqCluster;
import io.kvsync.deploy.manifests.OperatorResources.SecretTargetRef;
import io.kvsync.deploy.manifests.OperatorResources.TriggerAuthentication;
import io.kvsync.deploy.manifests.YamlDocuments.Document;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Secrets are referenced by name and created by hand (deploy/README.md shows the commands); none is
 * committed.
 */
class SecretsTest {

  @Test
  void everySecretTheManifestsUseIsCreatedByTheReadmeWithTheKeysTheyRead() {
    Map<String, Set<String>> created = readmeSecrets();
    Map<String, Set<String>> used = referencedSecrets();
    assertFalse(used.isEmpty());
    used.keySet().removeAll(operatorMadeSecrets());
    used.forEach(
        (name, keys) -> {
          assertTrue(created.containsKey(name), "deploy/README.md never creates Secret " + name);
          assertTrue(
              created.get(name).containsAll(keys),
              "deploy/README.md creates " + name + " with " + created.get(name) + ", not " + keys);
        });
  }

  @Test
  void everySecretTheReadmeCreatesIsUsed() {
    Set<String> unused = new TreeSet<>(readmeSecrets().keySet());
    unused.removeAll(referencedSecrets().keySet());
    assertEquals(Set.of(), unused, "deploy/README.md creates Secrets nothing reads");
  }

  @Test
  void theReadmeCreatesTheSecretsOfTheBrief() {
    Map<String, Set<String>> created = readmeSecrets();
    assertEquals(
        Set.of(
            "kvsync-master-keys",
            "kvsync-admin-token",
            "kvsync-rabbitmq",
            "kvsync-control-db",
            "kvsync-rabbitmq-tls",
            "kvsync-rabbitmq-ca"),
        created.keySet());
  }

  @Test
  void noSecretWithDataIsCommittedUnderDeploy() {
    List<String> committed = new ArrayList<>();
    for (Path file : DeployTree.files(DeployTree.deploy(), ".yaml", ".yml", ".json")) {
      for (Document document : YamlDocuments.read(file)) {
        JsonNode node = document.node();
        boolean secret = "Secret".equals(document.kind());
        boolean carriesData = node.has("data") || node.has("stringData");
        if (secret && carriesData) {
          committed.add(document.toString());
        }
      }
    }
    assertEquals(List.of(), committed);
  }

  @Test
  void composeTakesTheMasterKeyAndTheAdminTokenFromTheEnvironment() {
    ComposeFile compose = ComposeFile.read();
    int checked = 0;
    for (var service : compose.services().entrySet()) {
      Map<String, String> environment = service.getValue().environment();
      if (environment == null) {
        continue;
      }
      for (String variable : List.of("KVSYNC_MASTER_KEYS", "PIPELINE_ADMIN_TOKEN")) {
        if (environment.containsKey(variable)) {
          checked++;
          assertTrue(
              environment.get(variable).startsWith("${" + variable + ":?"),
              service.getKey() + " must require " + variable + " from the environment");
        }
      }
    }
    assertEquals(4, checked, "three services read the master key, the scheduler the token");
  }

  private static Map<String, Set<String>> readmeSecrets() {
    return ReadmeSecrets.created(DeployTree.read(DeployTree.deploy().resolve("README.md")));
  }

  /** Secret name → the keys read from it, by the workloads and by the operators. */
  static Map<String, Set<String>> referencedSecrets() {
    Map<String, Set<String>> used = new TreeMap<>();
    List<Deployment> deployments = new ArrayList<>();
    deployments.addAll(KubernetesManifests.resourcesOfType(Deployment.class));
    deployments.addAll(KubernetesManifests.patchesOfType(Deployment.class));
    for (Deployment deployment : deployments) {
      var pod = deployment.getSpec().getTemplate().getSpec();
      for (Container container : pod.getContainers()) {
        for (EnvVar env : container.getEnv()) {
          if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
            SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
            use(used, ref.getName(), ref.getKey());
          }
        }
        container.getEnvFrom().stream()
            .filter(source -> source.getSecretRef() != null)
            .forEach(source -> use(used, source.getSecretRef().getName()));
      }
      if (pod.getVolumes() != null) {
        pod.getVolumes().stream()
            .filter(volume -> volume.getSecret() != null)
            .forEach(volume -> use(used, volume.getSecret().getSecretName()));
      }
    }
    List<TriggerAuthentication> authentications = new ArrayList<>();
    authentications.addAll(KubernetesManifests.resourcesOfType(TriggerAuthentication.class));
    authentications.addAll(KubernetesManifests.patchesOfType(TriggerAuthentication.class));
    for (TriggerAuthentication auth : authentications) {
      for (SecretTargetRef ref : auth.spec().secretTargetRef()) {
        use(used, ref.name(), ref.key());
      }
    }
    // The RabbitMQ Cluster Operator makes the external Secret's user the broker's default user.
    for (RabbitmqCluster broker : KubernetesManifests.resourcesOfType(RabbitmqCluster.class)) {
      use(
          used,
          broker.spec().secretBackend().externalSecret().getName(),
          "username",
          "password",
          "default_user.conf");
    }
    // The prod overlay's broker serves TLS with a certificate and a CA of Secrets of their own.
    for (RabbitmqCluster broker : KubernetesManifests.patchesOfType(RabbitmqCluster.class)) {
      if (broker.spec().tls() != null) {
        use(used, broker.spec().tls().secretName(), "tls.crt", "tls.key");
        use(used, broker.spec().tls().caSecretName(), "ca.crt");
      }
    }
    // CloudNativePG creates the database owner with a basic-auth Secret's credentials.
    for (PostgresCluster database : KubernetesManifests.resourcesOfType(PostgresCluster.class)) {
      use(used, database.spec().bootstrap().initdb().secret().getName(), "username", "password");
    }
    return used;
  }

  /** Secrets an operator makes and nobody creates by hand: CloudNativePG's CA of each cluster. */
  private static Set<String> operatorMadeSecrets() {
    Set<String> made = new TreeSet<>();
    for (PostgresCluster database : KubernetesManifests.resourcesOfType(PostgresCluster.class)) {
      made.add(database.metadata().getName() + "-ca");
    }
    return made;
  }

  private static void use(Map<String, Set<String>> used, String name, String... keys) {
    used.computeIfAbsent(name, n -> new TreeSet<>()).addAll(List.of(keys));
  }
}
