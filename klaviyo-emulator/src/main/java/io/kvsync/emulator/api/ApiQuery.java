package io.kvsync.emulator.api;

import io.kvsync.emulator.api.EndpointRule.ParameterRule;
import io.kvsync.emulator.api.filter.FilterParser;
import io.kvsync.emulator.api.filter.InvalidFilterException;
import io.kvsync.emulator.api.filter.TypedFilter;
import io.kvsync.emulator.api.json.FieldSelection;
import io.kvsync.emulator.api.paging.Position;
import io.vertx.core.MultiMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request's query parameters, checked against the endpoint's rules: unknown parameters, values
 * outside an enum, page sizes outside the limits and invalid filters are refused with a 400.
 */
public record ApiQuery(
    Map<String, FieldSelection> fields,
    Set<String> includes,
    Map<String, Set<String>> additionalFields,
    String sort,
    int pageSize,
    Position cursor,
    TypedFilter filter,
    boolean filterGiven) {

  public static ApiQuery parse(MultiMap params, EndpointRule rule) {
    Map<String, FieldSelection> fields = new HashMap<>();
    Map<String, Set<String>> additional = new HashMap<>();
    Set<String> includes = Set.of();
    String sort = null;
    Integer pageSize = null;
    Position cursor = null;
    TypedFilter filter = TypedFilter.NONE;
    boolean filterGiven = false;
    for (String name : params.names()) {
      ParameterRule parameter = rule.parameters().get(name);
      if (parameter == null) {
        throw ApiError.invalidParameter(
            name, "'" + name + "' is not a valid query parameter for this endpoint.");
      }
      List<String> all = params.getAll(name);
      if (all.size() > 1) {
        throw ApiError.invalidParameter(name, "'" + name + "' may be given only once.");
      }
      String value = all.get(0);
      if (name.startsWith("fields[")) {
        fields.put(inBrackets(name), FieldSelection.of(listValue(name, value, parameter)));
      } else if (name.startsWith("additional-fields[")) {
        additional.put(inBrackets(name), listValue(name, value, parameter));
      } else {
        switch (name) {
          case "include" -> includes = listValue(name, value, parameter);
          case "sort" -> {
            if (!parameter.values().contains(value)) {
              throw ApiError.invalidParameter(
                  name,
                  "'" + value + "' is not a valid sort; allowed: " + parameter.values() + ".");
            }
            sort = value;
          }
          case "page[size]" -> pageSize = pageSize(value, parameter);
          case "page[cursor]" -> {
            try {
              cursor = Position.decode(value);
            } catch (IllegalArgumentException e) {
              throw ApiError.invalidParameter(name, "'" + value + "' is not a valid page cursor.");
            }
          }
          case "filter" -> {
            filterGiven = true;
            try {
              filter = TypedFilter.check(FilterParser.parse(value), rule);
            } catch (InvalidFilterException e) {
              throw ApiError.invalidParameter("filter", e.getMessage());
            }
          }
          default -> throw ApiError.invalidParameter(name, "'" + name + "' is not supported.");
        }
      }
    }
    rule.parameters()
        .forEach(
            (name, parameter) -> {
              if (parameter.required() && !params.contains(name)) {
                throw ApiError.invalidParameter(name, "'" + name + "' is required.");
              }
            });
    ParameterRule size = rule.parameters().get("page[size]");
    int effectiveSize =
        pageSize != null
            ? pageSize
            : size != null && size.defaultValue() != null ? size.defaultValue() : 200;
    return new ApiQuery(
        Map.copyOf(fields),
        includes,
        Map.copyOf(additional),
        sort,
        rule.servedPageSize(effectiveSize),
        cursor,
        filter,
        filterGiven);
  }

  private static String inBrackets(String name) {
    return name.substring(name.indexOf('[') + 1, name.length() - 1);
  }

  private static Set<String> listValue(String name, String value, ParameterRule parameter) {
    Set<String> items = new LinkedHashSet<>();
    for (String item : value.split(",")) {
      String trimmed = item.trim();
      if (parameter.values() != null && !parameter.values().contains(trimmed)) {
        throw ApiError.invalidParameter(
            name,
            "'"
                + trimmed
                + "' is not a valid value of "
                + name
                + "; allowed: "
                + parameter.values()
                + ".");
      }
      items.add(trimmed);
    }
    return Set.copyOf(items);
  }

  private static int pageSize(String value, ParameterRule parameter) {
    int size;
    try {
      size = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw ApiError.invalidParameter("page[size]", "'" + value + "' is not a whole number.");
    }
    if (size < parameter.minimum() || size > parameter.maximum()) {
      throw ApiError.invalidParameter(
          "page[size]",
          "page[size] must be between "
              + parameter.minimum()
              + " and "
              + parameter.maximum()
              + ", not "
              + size
              + ".");
    }
    return size;
  }

  public FieldSelection fieldsOf(String type) {
    return fields.getOrDefault(type, FieldSelection.ALL);
  }

  public boolean additional(String type, String field) {
    return additionalFields.getOrDefault(type, Set.of()).contains(field);
  }

  /** The sort field without its direction, or {@code fallback}. */
  public String sortField(String fallback) {
    return sort == null ? fallback : sort.startsWith("-") ? sort.substring(1) : sort;
  }

  public boolean descending() {
    return sort != null && sort.startsWith("-");
  }
}
