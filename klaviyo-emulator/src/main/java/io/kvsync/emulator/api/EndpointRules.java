package io.kvsync.emulator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bundled per-endpoint request rules, keyed by path template. */
public final class EndpointRules {

  private static final String RESOURCE = "/io/kvsync/emulator/endpoint-rules.json";

  private record RuleFile(@JsonProperty("endpoints") List<RawRule> endpoints) {}

  private record RawRule(
      String path,
      String operationId,
      List<String> scopes,
      int burstPerSecond,
      int steadyPerMinute,
      String responseSchema,
      Map<String, RawParameter> parameters,
      Map<String, EndpointRule.FilterFieldRule> filters) {}

  private record RawParameter(
      boolean required,
      List<String> values,
      Integer minimum,
      Integer maximum,
      @JsonProperty("default") Integer defaultValue) {}

  private final Map<String, EndpointRule> byPath;

  private EndpointRules(Map<String, EndpointRule> byPath) {
    this.byPath = byPath;
  }

  public static EndpointRules load() {
    ObjectMapper mapper =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    try (InputStream in = EndpointRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      RuleFile file = mapper.readValue(in, RuleFile.class);
      Map<String, EndpointRule> rules = new LinkedHashMap<>();
      for (RawRule raw : file.endpoints()) {
        Map<String, EndpointRule.ParameterRule> parameters = new LinkedHashMap<>();
        raw.parameters()
            .forEach(
                (name, p) ->
                    parameters.put(
                        name,
                        new EndpointRule.ParameterRule(
                            p.required(), p.values(), p.minimum(), p.maximum(), p.defaultValue())));
        rules.put(
            raw.path(),
            new EndpointRule(
                raw.path(),
                raw.operationId(),
                raw.scopes(),
                raw.burstPerSecond(),
                raw.steadyPerMinute(),
                raw.responseSchema(),
                Map.copyOf(parameters),
                raw.filters() == null ? Map.of() : Map.copyOf(raw.filters())));
      }
      return new EndpointRules(rules);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public EndpointRule get(String pathTemplate) {
    EndpointRule rule = byPath.get(pathTemplate);
    if (rule == null) {
      throw new IllegalArgumentException("no rule for " + pathTemplate);
    }
    return rule;
  }

  public List<EndpointRule> all() {
    return List.copyOf(byPath.values());
  }
}
