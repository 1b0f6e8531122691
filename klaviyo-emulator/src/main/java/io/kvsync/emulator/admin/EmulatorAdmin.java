package io.kvsync.emulator.admin;

import io.kvsync.emulator.auth.ApiKey;
import io.kvsync.emulator.auth.ApiKeyRing;
import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.data.Metric;
import io.kvsync.emulator.faults.FaultInjector;
import io.kvsync.emulator.faults.FaultRule;
import io.kvsync.emulator.ratelimit.RateLimiter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The in-process control of a running emulator: keys, faults, data changes and ground truth. The
 * admin HTTP API ({@code /admin/…}) is a thin layer over this class.
 */
public final class EmulatorAdmin {

  private final Dataset data;
  private final ApiKeyRing keys;
  private final FaultInjector faults;
  private final RateLimiter rateLimiter;

  public EmulatorAdmin(
      Dataset data, ApiKeyRing keys, FaultInjector faults, RateLimiter rateLimiter) {
    this.data = data;
    this.keys = keys;
    this.faults = faults;
    this.rateLimiter = rateLimiter;
  }

  /** The live data, for reads beyond the ground truth. */
  public Dataset data() {
    return data;
  }

  // --- keys

  public void addKey(ApiKey key) {
    keys.add(key);
  }

  /**
   * @return whether the key existed
   */
  public boolean revokeKey(String key) {
    return keys.revoke(key);
  }

  public List<ApiKey> keys() {
    return keys.all();
  }

  // --- faults and limits

  public void addFault(FaultRule rule) {
    faults.add(rule);
  }

  public void clearFaults() {
    faults.clear();
  }

  public List<FaultRule> faults() {
    return faults.active();
  }

  /** Refills every key's rate-limit buckets. */
  public void resetRateLimits() {
    rateLimiter.reset();
  }

  // --- ground truth

  /** The rows table {@code table} must hold, in key order (see {@link GroundTruth}). */
  public List<Map<String, Object>> truth(String table) {
    List<Map<String, Object>> rows = new ArrayList<>();
    streamTruth(table).forEachRemaining(rows::add);
    return rows;
  }

  public Iterator<Map<String, Object>> streamTruth(String table) {
    return GroundTruth.of(table).rows(data);
  }

  /** Source ids deleted through this API; the destination should mark them deleted. */
  public List<String> deletedIds(String table) {
    return GroundTruth.of(table).deletedIds(data);
  }

  // --- metrics

  public Metric renameMetric(String id, String name) {
    Metric metric = data.metrics().find(id).orElseThrow(() -> missing("metric", id));
    Metric renamed = metric.renamed(name, Instant.now());
    data.metrics().put(renamed);
    return renamed;
  }

  public void deleteMetric(String id) {
    if (!data.metrics().delete(id)) {
      throw missing("metric", id);
    }
  }

  static NoSuchElementException missing(String type, String id) {
    return new NoSuchElementException("no " + type + " with id " + id);
  }
}
