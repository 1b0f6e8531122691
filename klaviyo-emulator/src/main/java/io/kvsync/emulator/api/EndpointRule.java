package io.kvsync.emulator.api;

import java.util.List;
import java.util.Map;

/**
 * What Klaviyo's spec allows for one GET operation, as extracted into {@code endpoint-rules.json}
 * by {@code tools/extract_endpoint_rules.py}.
 *
 * @param path path template, e.g. {@code /api/lists/{id}/profiles}
 * @param operationId the spec's operation id, e.g. {@code get_profiles_for_list}
 * @param scopes scopes a key needs
 * @param burstPerSecond published burst limit
 * @param steadyPerMinute published steady limit
 * @param responseSchema name of the 200 response schema in the spec's components
 * @param parameters the query parameters the operation accepts, by name
 * @param filters the spec's {@code x-klaviyo-filters}: field → allowed operators and value type
 */
public record EndpointRule(
    String path,
    String operationId,
    List<String> scopes,
    int burstPerSecond,
    int steadyPerMinute,
    String responseSchema,
    Map<String, ParameterRule> parameters,
    Map<String, FilterFieldRule> filters) {

  /**
   * @param required whether the request must carry it (only campaigns' {@code filter})
   * @param values allowed values for enumerated parameters (fields, include, sort, …), or null
   * @param minimum smallest {@code page[size]}
   * @param maximum largest {@code page[size]}
   * @param defaultValue {@code page[size]} when absent
   */
  public record ParameterRule(
      boolean required,
      List<String> values,
      Integer minimum,
      Integer maximum,
      Integer defaultValue) {}

  /**
   * @param operators operator names by value form: {@code single}, {@code list}, {@code none}
   * @param value the value's JSON-schema type ({@code type}, {@code format}, {@code enum})
   */
  public record FilterFieldRule(Map<String, List<String>> operators, Map<String, Object> value) {

    public String valueType() {
      return value == null ? null : (String) value.get("type");
    }

    public String valueFormat() {
      return value == null ? null : (String) value.get("format");
    }

    @SuppressWarnings("unchecked")
    public List<String> valueEnum() {
      return value == null ? null : (List<String>) value.get("enum");
    }
  }

  public boolean paginated() {
    return parameters.containsKey("page[cursor]");
  }

  /**
   * The published limits for this request: asking for predictive analytics or a profile count drops
   * the endpoint to a slower tier of Klaviyo's rate-limit tiers (docs/architecture.md §11).
   *
   * @return {burst per second, steady per minute}
   */
  public int[] limitsFor(io.vertx.core.MultiMap params) {
    String profileFields = params.get("additional-fields[profile]");
    if (profileFields != null && profileFields.contains("predictive_analytics")) {
      return new int[] {10, 150};
    }
    String listFields = params.get("additional-fields[list]");
    String segmentFields = params.get("additional-fields[segment]");
    if ((listFields != null && listFields.contains("profile_count"))
        || (segmentFields != null && segmentFields.contains("profile_count"))) {
      return new int[] {1, 15};
    }
    return new int[] {burstPerSecond, steadyPerMinute};
  }

  /** Events say "a maximum of 200 per page" although the schema allows a page size of 1000. */
  public int servedPageSize(int requested) {
    return operationId.equals("get_events") ? Math.min(requested, 200) : requested;
  }
}
