package io.kvsync.common.naming;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stable mapping of one table's source names to column names. The first source to claim a
 * sanitised name keeps it; a later source that sanitises to the same name (e.g. {@code plan} after
 * {@code Plan}) gets a hash suffix. Seeded from what the table already holds, so the mapping never
 * changes once a column exists. Not thread-safe: one instance per table model.
 */
public final class ColumnNames {

  private final Map<String, String> columnBySource = new HashMap<>();
  private final Set<String> taken = new HashSet<>();

  /** Records an existing column and the source name it holds. */
  public void existing(String source, String column) {
    columnBySource.put(source, column);
    taken.add(column);
  }

  /** Reserves a name no source may take (metadata columns). */
  public void reserve(String column) {
    taken.add(column);
  }

  public Optional<String> find(String source) {
    return Optional.ofNullable(columnBySource.get(source));
  }

  /** The column for {@code source}: the existing one, else a new, unused name. */
  public String columnFor(String source, String sanitised) {
    String known = columnBySource.get(source);
    if (known != null) {
      return known;
    }
    String candidate = sanitised;
    String salt = source;
    while (taken.contains(candidate)) {
      candidate = SqlName.withHashSuffix(sanitised, salt);
      salt = salt + "'";
    }
    columnBySource.put(source, candidate);
    taken.add(candidate);
    return candidate;
  }
}
