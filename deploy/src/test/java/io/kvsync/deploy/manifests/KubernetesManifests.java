package io.kvsync.deploy.manifests;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Patch;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kvsync.deploy.manifests.OperatorResources.PostgresCluster;
import io.kvsync.deploy.manifests.OperatorResources.PostgresDatabase;
import io.kvsync.deploy.manifests.OperatorResources.RabbitmqCluster;
import io.kvsync.deploy.manifests.OperatorResources.ScaledObject;
import io.kvsync.deploy.manifests.OperatorResources.TriggerAuthentication;
import io.kvsync.deploy.manifests.YamlDocuments.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The Kubernetes manifests of deploy/k8s, read through the kustomizations that list them. */
final class KubernetesManifests {

  static final String KUSTOMIZATION_FILE = "kustomization.yaml";

  /** The type each apiVersion and kind binds to; a kind missing here is not allowed. */
  private static final Map<String, Class<?>> TYPES =
      Map.ofEntries(
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Secret", Secret.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicies.NetworkPolicy.class),
          Map.entry("keda.sh/v1alpha1/ScaledObject", ScaledObject.class),
          Map.entry("keda.sh/v1alpha1/TriggerAuthentication", TriggerAuthentication.class),
          Map.entry("rabbitmq.com/v1beta1/RabbitmqCluster", RabbitmqCluster.class),
          Map.entry("postgresql.cnpg.io/v1/Cluster", PostgresCluster.class),
          Map.entry("postgresql.cnpg.io/v1/Database", PostgresDatabase.class),
          Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
          Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
          Map.entry("kustomize.config.k8s.io/v1beta1/Kustomization", Kustomization.class));

  private KubernetesManifests() {}

  /** Binds a document to the type of its kind, strictly. */
  static Object bind(Document document) {
    Class<?> type = TYPES.get(document.apiVersion() + "/" + document.kind());
    if (type == null) {
      throw new IllegalArgumentException(
          document + ": no schema for " + document.apiVersion() + " " + document.kind());
    }
    try {
      return YamlDocuments.bind(document.node(), type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(document + ": " + e.getMessage(), e);
    }
  }

  /** One directory with a kustomization.yaml, and the files it names. */
  record KustomizationDirectory(Path directory, Kustomization kustomization) {

    /** Every path the kustomization names: resources, components and patch files. */
    List<Path> referencedPaths() {
      return Stream.of(
              nonNull(kustomization.getResources()).stream(),
              nonNull(kustomization.getComponents()).stream(),
              nonNull(kustomization.getPatchesStrategicMerge()).stream(),
              nonNull(kustomization.getPatches()).stream().map(Patch::getPath),
              nonNull(kustomization.getPatchesJson6902()).stream().map(Patch::getPath))
          .flatMap(s -> s)
          .filter(Objects::nonNull)
          .map(directory::resolve)
          .map(Path::normalize)
          .toList();
    }

    /** Files of complete manifests. */
    List<Path> resourceFiles() {
      return nonNull(kustomization.getResources()).stream()
          .map(directory::resolve)
          .map(Path::normalize)
          .filter(Files::isRegularFile)
          .toList();
    }

    /** Files of partial manifests merged into resources of the same kind and name. */
    List<Path> patchFiles() {
      return Stream.concat(
              nonNull(kustomization.getPatchesStrategicMerge()).stream(),
              nonNull(kustomization.getPatches()).stream().map(Patch::getPath))
          .filter(Objects::nonNull)
          .map(directory::resolve)
          .map(Path::normalize)
          .toList();
    }
  }

  static List<KustomizationDirectory> kustomizations() {
    return DeployTree.yamlFiles(DeployTree.kubernetes()).stream()
        .filter(file -> file.getFileName().toString().equals(KUSTOMIZATION_FILE))
        .map(
            file ->
                new KustomizationDirectory(
                    file.getParent(), (Kustomization) bind(YamlDocuments.read(file).get(0))))
        .toList();
  }

  /** The documents of every complete manifest, in every kustomization. */
  static List<Document> resources() {
    return documentsOf(
        kustomizations().stream().flatMap(k -> k.resourceFiles().stream()).distinct().toList());
  }

  /** The documents of every patch, in every kustomization. */
  static List<Document> patches() {
    return documentsOf(
        kustomizations().stream().flatMap(k -> k.patchFiles().stream()).distinct().toList());
  }

  static <T> List<T> resourcesOfType(Class<T> type) {
    return ofType(BOUND_RESOURCES.get(), type);
  }

  static <T> List<T> patchesOfType(Class<T> type) {
    return ofType(BOUND_PATCHES.get(), type);
  }

  /** Bound once per test run: the files do not change while the tests read them. */
  private static final Lazy<List<Object>> BOUND_RESOURCES =
      new Lazy<>(() -> resources().stream().map(KubernetesManifests::bind).toList());

  private static final Lazy<List<Object>> BOUND_PATCHES =
      new Lazy<>(() -> patches().stream().map(KubernetesManifests::bind).toList());

  private static final class Lazy<T> {
    private final Supplier<T> supplier;
    private T value;

    Lazy(Supplier<T> supplier) {
      this.supplier = supplier;
    }

    synchronized T get() {
      if (value == null) {
        value = supplier.get();
      }
      return value;
    }
  }

  private static <T> List<T> ofType(List<Object> bound, Class<T> type) {
    return bound.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static List<Document> documentsOf(List<Path> files) {
    return files.stream().flatMap(file -> YamlDocuments.read(file).stream()).toList();
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
