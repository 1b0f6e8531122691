package io.kvsync.deploy.manifests;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * deploy/compose/compose.yaml as typed records. Field names follow the Compose Specification; only
 * the fields the file uses are declared, so a misspelt or misplaced one fails the strict parse
 * (Compose itself would refuse it only on a machine with Docker).
 */
record ComposeFile(String name, Map<String, ComposeService> services, Map<String, Volume> volumes) {

  static Path location() {
    return DeployTree.deploy().resolve("compose/compose.yaml");
  }

  static ComposeFile read() {
    return YamlDocuments.bind(YamlDocuments.readOne(location()), ComposeFile.class);
  }

  record ComposeService(
      String image,
      Build build,
      Map<String, String> environment,
      List<String> ports,
      List<String> volumes,
      HealthCheck healthcheck,
      @JsonProperty("depends_on") Map<String, Dependency> dependsOn,
      @JsonProperty("read_only") Boolean readOnly,
      List<String> tmpfs,
      String restart) {

    /** The port inside the container of each "host:container" mapping. */
    List<Integer> containerPorts() {
      return ports == null
          ? List.of()
          : ports.stream()
              .map(mapping -> mapping.substring(mapping.lastIndexOf(':') + 1))
              .map(Integer::valueOf)
              .toList();
    }
  }

  record Build(String context, String dockerfile) {}

  record HealthCheck(List<String> test, String interval, String timeout, Integer retries) {}

  record Dependency(String condition) {}

  /** A named volume; the file declares them without options. */
  record Volume(String driver) {}
}
