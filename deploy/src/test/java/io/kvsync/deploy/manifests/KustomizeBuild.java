package io.kvsync.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.deploy.manifests.YamlDocuments.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code kubectl kustomize <directory>} prints, computed offline for the features the
 * kustomizations of deploy/k8s use: resources (files and directories), strategic-merge patches
 * matched by kind and name, the namespace, label pairs without selectors and image tags. A
 * kustomization using anything else is refused rather than rendered wrongly.
 */
final class KustomizeBuild {

  private static final Set<String> SUPPORTED =
      Set.of("apiVersion", "kind", "namespace", "resources", "patches", "labels", "images");

  /**
   * The merge key of the lists Kubernetes merges item by item (its built-in kinds' patchMergeKey);
   * other lists, and every list of a custom resource, are replaced by the patch's.
   */
  private static final Map<String, String> MERGE_KEYS =
      Map.of(
          "containers", "name",
          "initContainers", "name",
          "env", "name",
          "volumes", "name",
          "volumeMounts", "mountPath",
          "topologySpreadConstraints", "topologyKey");

  private static final Set<String> BUILT_IN_GROUPS =
      Set.of("v1", "apps/v1", "policy/v1", "networking.k8s.io/v1");

  private KustomizeBuild() {}

  /** The rendered documents of the kustomization in {@code directory}. */
  static List<JsonNode> render(Path directory) {
    Path file = directory.resolve(KubernetesManifests.KUSTOMIZATION_FILE);
    JsonNode kustomization = YamlDocuments.readOne(file);
    kustomization
        .fieldNames()
        .forEachRemaining(
            field -> {
              if (!SUPPORTED.contains(field)) {
                throw new IllegalStateException(file + ": " + field + " is not rendered here");
              }
            });
    List<JsonNode> resources = new ArrayList<>();
    for (JsonNode entry : kustomization.path("resources")) {
      Path path = directory.resolve(entry.asText()).normalize();
      if (Files.isDirectory(path)) {
        resources.addAll(render(path));
      } else {
        YamlDocuments.read(path).stream().map(Document::node).forEach(resources::add);
      }
    }
    for (JsonNode patchEntry : kustomization.path("patches")) {
      if (!patchEntry.has("path") || patchEntry.size() != 1) {
        throw new IllegalStateException(file + ": only patches by path are rendered here");
      }
      for (Document patch :
          YamlDocuments.read(directory.resolve(patchEntry.get("path").asText()))) {
        ObjectNode target = find(resources, patch);
        boolean builtIn = BUILT_IN_GROUPS.contains(target.path("apiVersion").asText());
        merge(target, patch.node(), builtIn);
      }
    }
    for (JsonNode resource : resources) {
      ObjectNode metadata = (ObjectNode) resource.path("metadata");
      if (kustomization.has("namespace")) {
        metadata.put("namespace", kustomization.get("namespace").asText());
      }
      for (JsonNode labels : kustomization.path("labels")) {
        if (labels.path("includeSelectors").asBoolean(false)) {
          throw new IllegalStateException(file + ": labels with selectors are not rendered here");
        }
        ObjectNode target =
            metadata.has("labels")
                ? (ObjectNode) metadata.get("labels")
                : metadata.putObject("labels");
        target.setAll((ObjectNode) labels.path("pairs"));
      }
      retag(resource, kustomization.path("images"));
    }
    return resources;
  }

  private static ObjectNode find(List<JsonNode> resources, Document patch) {
    return resources.stream()
        .filter(r -> r.path("kind").asText().equals(patch.kind()))
        .filter(r -> r.path("metadata").path("name").asText().equals(patch.name()))
        .map(ObjectNode.class::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(patch + " patches no resource"));
  }

  /** Strategic merge: maps field by field, lists with a merge key item by item, others replaced. */
  private static void merge(ObjectNode target, JsonNode patch, boolean builtIn) {
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      JsonNode existing = target.get(name);
      if (value.isNull()) {
        target.remove(name);
      } else if (value.isObject() && existing != null && existing.isObject()) {
        merge((ObjectNode) existing, value, builtIn);
      } else if (value.isArray()
          && existing != null
          && existing.isArray()
          && builtIn
          && MERGE_KEYS.containsKey(name)) {
        mergeList((ArrayNode) existing, (ArrayNode) value, MERGE_KEYS.get(name), builtIn);
      } else {
        target.set(name, value.deepCopy());
      }
    }
  }

  private static void mergeList(ArrayNode target, ArrayNode patch, String key, boolean builtIn) {
    for (JsonNode item : patch) {
      ObjectNode match = null;
      for (JsonNode candidate : target) {
        if (candidate.path(key).equals(item.path(key))) {
          match = (ObjectNode) candidate;
        }
      }
      if (match == null) {
        target.add(item.deepCopy());
      } else {
        merge(match, item, builtIn);
      }
    }
  }

  /** The images entries: {@code name} is the image without its tag; {@code newTag} replaces it. */
  private static void retag(JsonNode node, JsonNode images) {
    if (node.isObject()) {
      JsonNode image = node.get("image");
      if (image != null && image.isTextual() && node.has("name")) {
        String withoutTag = image.asText().split(":")[0];
        for (JsonNode entry : images) {
          if (entry.path("name").asText().equals(withoutTag)) {
            String name = entry.path("newName").asText(withoutTag);
            String tag = entry.path("newTag").asText("");
            ((ObjectNode) node).put("image", tag.isEmpty() ? name : name + ":" + tag);
          }
        }
      }
      node.elements().forEachRemaining(child -> retag(child, images));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> retag(child, images));
    }
  }
}
