package io.kvsync.emulator.data;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The live objects of one kind, by id, plus the ids deleted through the admin API. Objects are
 * immutable records: a change replaces the record, so a page being written never sees half of it.
 */
public final class Table<T> {

  private final Function<T, String> id;
  private final Map<String, T> rows = new ConcurrentHashMap<>();
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();
  private final AtomicLong version;

  public Table(Function<T, String> id, Collection<T> initial) {
    this(id, initial, new AtomicLong());
  }

  /**
   * @param version counter shared by the whole dataset, bumped on every change
   */
  public Table(Function<T, String> id, Collection<T> initial, AtomicLong version) {
    this.id = id;
    this.version = version;
    initial.forEach(this::put);
  }

  public void put(T row) {
    String key = id.apply(row);
    rows.put(key, row);
    deleted.remove(key);
    version.incrementAndGet();
  }

  public Optional<T> find(String key) {
    return Optional.ofNullable(rows.get(key));
  }

  /**
   * @return whether it existed
   */
  public boolean delete(String key) {
    if (rows.remove(key) != null) {
      deleted.add(key);
      version.incrementAndGet();
      return true;
    }
    return false;
  }

  public Collection<T> rows() {
    return Collections.unmodifiableCollection(rows.values());
  }

  /** Rows ordered by id (for ground truth and deterministic listings). */
  public List<T> sortedById() {
    return rows.values().stream().sorted(Comparator.comparing(id)).toList();
  }

  public List<String> deletedIds() {
    return deleted.stream().sorted().toList();
  }

  public int size() {
    return rows.size();
  }
}
