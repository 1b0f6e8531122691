package io.kvsync.deploy.manifests;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads YAML strictly: duplicate keys are errors, and typed reads fail on any field the target type
 * does not declare. The fabric8 Kubernetes model collects unknown fields in an "additional
 * properties" map instead of failing, so the mapper removes that catch-all from every type.
 */
final class YamlDocuments {

  /** One document of a (multi-document) YAML file. */
  record Document(Path file, int index, JsonNode node) {

    String apiVersion() {
      return node.path("apiVersion").asText("");
    }

    String kind() {
      return node.path("kind").asText("");
    }

    String name() {
      return node.path("metadata").path("name").asText("");
    }

    @Override
    public String toString() {
      return kind() + " " + name() + " (" + file.getFileName() + " #" + (index + 1) + ")";
    }
  }

  static final ObjectMapper STRICT = strictMapper();

  private YamlDocuments() {}

  static List<Document> read(Path file) {
    return parse(file, DeployTree.read(file));
  }

  /** Parses YAML text as if read from the given file. */
  static List<Document> parse(Path file, String yaml) {
    List<Document> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> nodes = STRICT.readerFor(JsonNode.class).readValues(yaml)) {
      while (nodes.hasNext()) {
        JsonNode node = nodes.next();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          documents.add(new Document(file, documents.size(), node));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    return documents;
  }

  /** Reads a single-document YAML file. */
  static JsonNode readOne(Path file) {
    List<Document> documents = read(file);
    if (documents.size() != 1) {
      throw new IllegalStateException(file + " holds " + documents.size() + " documents, not one");
    }
    return documents.get(0).node();
  }

  /** Binds a node to a type; any field the type does not declare is an error. */
  static <T> T bind(JsonNode node, Class<T> type) {
    try {
      return STRICT.treeToValue(node, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static ObjectMapper strictMapper() {
    YAMLFactory factory = new YAMLFactory();
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    SimpleModule noCatchAll = new SimpleModule("no-additional-properties");
    noCatchAll.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public BeanDeserializerBuilder updateBuilder(
              DeserializationConfig config,
              BeanDescription description,
              BeanDeserializerBuilder builder) {
            builder.setAnySetter(null);
            return builder;
          }
        });
    return YAMLMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .addModule(noCatchAll)
        .build();
  }
}
