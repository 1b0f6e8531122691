package io.kvsync.deploy.manifests;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/**
 * The custom resources kvsync uses that have no Java model at hand, as typed records: KEDA
 * (keda.sh/v1alpha1), the RabbitMQ Cluster Operator (rabbitmq.com/v1beta1) and CloudNativePG
 * (postgresql.cnpg.io/v1). The Prometheus Operator's kinds bind to fabric8's model, generated from
 * its CRDs. Field names, nesting and types follow each operator's CRD. Only the fields these
 * manifests use are declared, with the few an overlay is expected to set next to them (a storage
 * class), so that a typo or a misplaced field fails the strict parse instead of being silently
 * pruned by the API server. A manifest that starts using another field of the CRD adds it here.
 */
final class OperatorResources {

  private OperatorResources() {}

  // ---------------------------------------------------------------- KEDA

  record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {}

  record ScaledObjectSpec(
      ScaleTargetRef scaleTargetRef,
      Integer pollingInterval,
      Integer minReplicaCount,
      Integer maxReplicaCount,
      ScalingAdvanced advanced,
      List<ScaleTrigger> triggers) {}

  record ScalingAdvanced(HorizontalPodAutoscalerConfig horizontalPodAutoscalerConfig) {}

  /**
   * The behavior is autoscaling/v2's HorizontalPodAutoscalerBehavior, of which one part is used.
   */
  record HorizontalPodAutoscalerConfig(ScalingBehavior behavior) {}

  record ScalingBehavior(ScalingRules scaleDown, ScalingRules scaleUp) {}

  record ScalingRules(Integer stabilizationWindowSeconds) {}

  record ScaleTargetRef(String apiVersion, String kind, String name) {}

  record ScaleTrigger(
      String type, Map<String, String> metadata, AuthenticationRef authenticationRef) {}

  record AuthenticationRef(String name, String kind) {}

  record TriggerAuthentication(
      String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {}

  record TriggerAuthenticationSpec(List<SecretTargetRef> secretTargetRef) {}

  record SecretTargetRef(String parameter, String name, String key) {}

  // ---------------------------------------------------------------- RabbitMQ Cluster Operator

  record RabbitmqCluster(
      String apiVersion, String kind, ObjectMeta metadata, RabbitmqClusterSpec spec) {}

  record RabbitmqClusterSpec(
      Integer replicas,
      RabbitmqSecretBackend secretBackend,
      RabbitmqPersistence persistence,
      ResourceRequirements resources,
      RabbitmqConfig rabbitmq,
      RabbitmqTls tls) {}

  /**
   * AMQPS: the server certificate's Secret (tls.crt, tls.key), the CA's (ca.crt), and whether the
   * plain listeners close.
   */
  record RabbitmqTls(String secretName, String caSecretName, Boolean disableNonTLSListeners) {}

  /** {@code additionalConfig} is appended to the nodes' rabbitmq.conf. */
  record RabbitmqConfig(String additionalConfig) {}

  record RabbitmqSecretBackend(LocalObjectReference externalSecret) {}

  record RabbitmqPersistence(String storageClassName, Quantity storage) {}

  // ---------------------------------------------------------------- CloudNativePG

  record PostgresCluster(
      String apiVersion, String kind, ObjectMeta metadata, PostgresClusterSpec spec) {}

  record PostgresClusterSpec(
      Integer instances,
      PostgresStorage storage,
      ResourceRequirements resources,
      PostgresBootstrap bootstrap,
      PostgresConfiguration postgresql) {}

  /** Lines CloudNativePG puts before its own pg_hba.conf rules. */
  record PostgresConfiguration(@JsonProperty("pg_hba") List<String> pgHba) {}

  record PostgresStorage(String size, String storageClass) {}

  record PostgresBootstrap(InitDb initdb) {}

  record InitDb(String database, String owner, LocalObjectReference secret) {}

  record PostgresDatabase(
      String apiVersion, String kind, ObjectMeta metadata, PostgresDatabaseSpec spec) {}

  record PostgresDatabaseSpec(String name, String owner, LocalObjectReference cluster) {}
}
