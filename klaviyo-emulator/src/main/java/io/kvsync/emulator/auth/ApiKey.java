package io.kvsync.emulator.auth;

import java.util.Set;

/** A private API key and the scopes Klaviyo would grant it. */
public record ApiKey(String key, Set<String> scopes) {

  /** Every read scope the pipeline needs: Klaviyo's read scopes (docs/architecture.md §11). */
  public static final Set<String> READ_SCOPES =
      Set.of(
          "accounts:read",
          "profiles:read",
          "events:read",
          "metrics:read",
          "lists:read",
          "segments:read",
          "flows:read",
          "campaigns:read",
          "templates:read");

  public ApiKey {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("an API key needs a non-blank value");
    }
    scopes = Set.copyOf(scopes);
  }

  public static ApiKey withAllReadScopes(String key) {
    return new ApiKey(key, READ_SCOPES);
  }

  /** The key with every read scope except {@code missingScope}. */
  public static ApiKey lacking(String key, String missingScope) {
    return new ApiKey(
        key,
        READ_SCOPES.stream()
            .filter(scope -> !scope.equals(missingScope))
            .collect(java.util.stream.Collectors.toSet()));
  }

  /** The built-in key that lacks {@code scope}, e.g. {@code pk_emulator_lacks_events_read}. */
  public static String builtInKeyLacking(String scope) {
    return "pk_emulator_lacks_" + scope.replace(':', '_');
  }
}
