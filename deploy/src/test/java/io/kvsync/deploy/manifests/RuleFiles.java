package io.kvsync.deploy.manifests;

import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleSpec;
import java.nio.file.Path;

/**
 * Reads a plain Prometheus rule file. Its top level ({@code groups:}) is the spec of a
 * PrometheusRule, so the file binds strictly to the Prometheus Operator's model of it.
 */
final class RuleFiles {

  private RuleFiles() {}

  static PrometheusRuleSpec read(Path ruleFile) {
    return YamlDocuments.bind(YamlDocuments.readOne(ruleFile), PrometheusRuleSpec.class);
  }
}
