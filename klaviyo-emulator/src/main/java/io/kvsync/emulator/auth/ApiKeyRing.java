package io.kvsync.emulator.auth;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The keys the emulated account accepts; changed at run time through the admin API. */
public final class ApiKeyRing {

  private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();

  public ApiKeyRing(Collection<ApiKey> initial) {
    initial.forEach(this::add);
  }

  public void add(ApiKey key) {
    keys.put(key.key(), key);
  }

  /**
   * @return whether the key existed
   */
  public boolean revoke(String key) {
    return keys.remove(key) != null;
  }

  public Optional<ApiKey> find(String key) {
    return Optional.ofNullable(keys.get(key));
  }

  public List<ApiKey> all() {
    return List.copyOf(keys.values());
  }
}
