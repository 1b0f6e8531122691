package io.kvsync.emulator;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Klaviyo's official OpenAPI document, turned into JSON Schema (draft 4) for validating responses.
 *
 * <p>Two OpenAPI 3.0 constructs are translated: {@code nullable: true} becomes a union with {@code
 * null}, and {@code oneOf} becomes {@code anyOf}, because several of the spec's alternatives
 * overlap (e.g. {@code send_options} offers three identical schemas), so no real response could
 * match exactly one of them.
 */
final class OpenApiSpec {

  static final String PROPERTY = "KLAVIYO_OPENAPI_SPEC";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode document;
  private final ObjectNode components;
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

  private OpenApiSpec(JsonNode document) {
    this.document = document;
    ObjectNode schemas = ((ObjectNode) document.path("components").path("schemas")).deepCopy();
    schemas.properties().forEach(entry -> translate(entry.getValue()));
    this.components = JSON.createObjectNode();
    components.set("schemas", schemas);
    ObjectNode responses = ((ObjectNode) document.path("components").path("responses")).deepCopy();
    translate(responses);
    components.set("responses", responses);
  }

  /**
   * Reads the spec from system property or environment variable {@value #PROPERTY}, else from
   * {@code ../shared/klaviyo-openapi/stable.json}; fails with an explanation when it is missing.
   */
  static OpenApiSpec load() {
    String configured = System.getProperty(PROPERTY, System.getenv(PROPERTY));
    Path path =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of("..", "..", "shared", "klaviyo-openapi", "stable.json");
    if (!Files.isRegularFile(path)) {
      throw new AssertionError(
          "Klaviyo's OpenAPI spec is missing at "
              + path.toAbsolutePath().normalize()
              + ". The contract tests need it: put the repository beside shared/ (shared/klaviyo-openapi/stable.json)"
              + " or point -D"
              + PROPERTY
              + "=<path to stable.json> (or the environment variable of that name) at a copy.");
    }
    try {
      return new OpenApiSpec(JSON.readTree(path.toFile()));
    } catch (RuntimeException e) {
      throw new AssertionError(
          "cannot read the OpenAPI spec at " + path + ": " + e.getMessage(), e);
    }
  }

  JsonNode operation(String path) {
    return document.path("paths").path(path).path("get");
  }

  /** Violations of the named component schema, as readable lines; empty when valid. */
  List<String> violations(String schemaName, String body) {
    Schema schema =
        compiled.computeIfAbsent(schemaName, name -> compile("#/components/schemas/" + name));
    return describe(schema.validate(JSON.readTree(body)));
  }

  /** Violations of the spec's generic 4XX error body. */
  List<String> errorBodyViolations(String body) {
    Schema schema =
        compiled.computeIfAbsent(
            "ClientError",
            name ->
                compile(
                    "#/components/responses/ClientError/content/application~1vnd.api+json/schema"));
    return describe(schema.validate(JSON.readTree(body)));
  }

  private Schema compile(String pointer) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode allOf = root.putArray("allOf");
    allOf.addObject().put("$ref", pointer);
    root.set("components", components);
    return registry.getSchema(root);
  }

  private static List<String> describe(List<Error> errors) {
    return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }

  private static void translate(JsonNode node) {
    if (node instanceof ArrayNode array) {
      array.forEach(OpenApiSpec::translate);
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    object.properties().forEach(entry -> translate(entry.getValue()));
    if (object.has("oneOf")) {
      object.set("anyOf", object.remove("oneOf"));
    }
    if (object.path("nullable").asBoolean(false)) {
      object.remove("nullable");
      JsonNode type = object.get("type");
      if (type != null && type.isString()) {
        ArrayNode types = JSON.createArrayNode().add(type.asString()).add("null");
        object.set("type", types);
        if (object.has("enum")) {
          ((ArrayNode) object.get("enum")).addNull();
        }
      } else {
        ObjectNode original = object.deepCopy();
        object.removeAll();
        ArrayNode anyOf = object.putArray("anyOf");
        anyOf.add(original);
        anyOf.addObject().put("type", "null");
      }
    } else {
      object.remove("nullable");
    }
  }
}
