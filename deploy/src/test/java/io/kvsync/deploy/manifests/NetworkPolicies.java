package io.kvsync.deploy.manifests;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * networking.k8s.io/v1 NetworkPolicy as typed records (the fabric8 model of the networking group is
 * not a dependency here): the fields of the API, so that the strict parse refuses a misplaced one.
 */
final class NetworkPolicies {

  private NetworkPolicies() {}

  record NetworkPolicy(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    boolean isFor(String direction) {
      return spec.policyTypes() != null && spec.policyTypes().contains(direction);
    }
  }

  record Spec(
      LabelSelector podSelector,
      List<String> policyTypes,
      List<IngressRule> ingress,
      List<EgressRule> egress) {

    List<IngressRule> ingressRules() {
      return ingress == null ? List.of() : ingress;
    }

    List<EgressRule> egressRules() {
      return egress == null ? List.of() : egress;
    }
  }

  /** An empty {@code from} list means every source; empty {@code ports}, every port. */
  record IngressRule(List<Peer> from, List<PolicyPort> ports) {}

  record EgressRule(List<Peer> to, List<PolicyPort> ports) {}

  record Peer(LabelSelector podSelector, LabelSelector namespaceSelector, IpBlock ipBlock) {}

  record IpBlock(String cidr, List<String> except) {}

  record PolicyPort(String protocol, IntOrString port, Integer endPort) {

    /** The port as written: a number or a container port's name. */
    String value() {
      return port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal());
    }
  }
}
