package io.kvsync.emulator.admin;

import io.kvsync.emulator.auth.ApiKey;
import io.kvsync.emulator.auth.ApiKeyRing;
import io.kvsync.emulator.data.Campaign;
import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.data.Event;
import io.kvsync.emulator.data.Flow;
import io.kvsync.emulator.data.Group;
import io.kvsync.emulator.data.IdCodec;
import io.kvsync.emulator.data.Membership;
import io.kvsync.emulator.data.Metric;
import io.kvsync.emulator.data.Profile;
import io.kvsync.emulator.data.Table;
import io.kvsync.emulator.faults.FaultInjector;
import io.kvsync.emulator.faults.FaultRule;
import io.kvsync.emulator.ratelimit.KeyTraffic;
import io.kvsync.emulator.ratelimit.RateLimitMode;
import io.kvsync.emulator.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process control of a running emulator: keys, faults, data changes and ground truth. The
 * admin HTTP API ({@code /admin/…}) is a thin layer over this class. Changes are stamped with the
 * wall clock (whole seconds), so they sort after the generated data.
 */
public final class EmulatorAdmin {

  private final Dataset data;
  private final ApiKeyRing keys;
  private final FaultInjector faults;
  private final RateLimiter rateLimiter;
  private final Clock clock;
  private final AtomicLong createdProfiles = new AtomicLong();
  private final IdCodec newProfileIds;

  public EmulatorAdmin(
      Dataset data, ApiKeyRing keys, FaultInjector faults, RateLimiter rateLimiter) {
    this.data = data;
    this.keys = keys;
    this.faults = faults;
    this.rateLimiter = rateLimiter;
    this.clock = Clock.systemUTC();
    this.newProfileIds = IdCodec.ulid(data.seed(), 0xAD);
  }

  /** The live data, for reads beyond the ground truth. */
  public Dataset data() {
    return data;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
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

  /**
   * Requests and 429 answers of a key since the start or the last reset.
   *
   * @throws java.util.NoSuchElementException for a key the emulator does not know
   */
  public KeyTraffic.Counts traffic(String key) {
    if (keys.find(key).isEmpty()) {
      throw new java.util.NoSuchElementException("no key " + key);
    }
    return rateLimiter.traffic().of(key);
  }

  /** How requests are throttled now. */
  public RateLimitMode rateLimits() {
    return rateLimiter.mode();
  }

  /** Throttles by {@code mode} from now on, with every bucket full. */
  public void useRateLimits(RateLimitMode mode) {
    rateLimiter.use(mode);
  }

  /** Refills every key's rate-limit buckets and zeroes their request counts. */
  public void resetRateLimits() {
    rateLimiter.reset();
  }

  // --- ground truth

  /** The tables with ground truth (the 18 destination tables). */
  public java.util.Set<String> truthTables() {
    return GroundTruth.tables();
  }

  /** The rows table {@code table} must hold, in key order (see {@link GroundTruth}). */
  public List<Map<String, Object>> truth(String table) {
    List<Map<String, Object>> rows = new ArrayList<>();
    streamTruth(table).forEachRemaining(rows::add);
    return rows;
  }

  public Iterator<Map<String, Object>> streamTruth(String table) {
    return GroundTruth.of(table).rows(data);
  }

  /** The table's key columns, e.g. [list_id, profile_id]. */
  public List<String> keyColumns(String table) {
    return GroundTruth.of(table).keyColumns();
  }

  /** Keys deleted from the source through this API; the destination should mark them deleted. */
  public List<Map<String, Object>> deleted(String table) {
    return GroundTruth.of(table).deleted(data);
  }

  // --- profiles

  /** Changes a profile and bumps its {@code updated}; null arguments keep the current value. */
  public Profile updateProfile(
      String id, String email, String firstName, Map<String, Object> properties) {
    Profile profile = require(data.profiles(), id, "profile");
    Map<String, Object> merged = null;
    if (properties != null) {
      merged = new LinkedHashMap<>(profile.properties());
      merged.putAll(properties);
    }
    Profile changed = profile.withChanges(email, firstName, merged, now());
    data.profiles().put(changed);
    return changed;
  }

  public Profile createProfile(String email, String firstName) {
    Instant now = now();
    Profile profile =
        new Profile(
            newProfileIds.encode(createdProfiles.getAndIncrement()),
            email,
            null,
            null,
            firstName,
            null,
            null,
            null,
            null,
            null,
            now,
            now,
            null,
            Map.of("city", "Montréal", "country", "Canada"),
            Map.of());
    data.profiles().put(profile);
    return profile;
  }

  /** Deletes a profile and its memberships. */
  public void deleteProfile(String id) {
    require(data.profiles(), id, "profile");
    data.profiles().delete(id);
    data.listMembers().rows().stream()
        .filter(m -> m.profileId().equals(id))
        .map(Membership::key)
        .toList()
        .forEach(data.listMembers()::delete);
    data.segmentMembers().rows().stream()
        .filter(m -> m.profileId().equals(id))
        .map(Membership::key)
        .toList()
        .forEach(data.segmentMembers()::delete);
  }

  // --- events

  /**
   * Adds an event. A {@code datetime} behind the newest event makes a "late" event, as Klaviyo's
   * eventually consistent event store produces; null means now.
   */
  public Event addEvent(
      String metricId, String profileId, Instant datetime, Map<String, Object> properties) {
    require(data.metrics(), metricId, "metric");
    require(data.profiles(), profileId, "profile");
    return data.events()
        .add(
            metricId,
            profileId,
            datetime == null ? now() : datetime.truncatedTo(ChronoUnit.SECONDS),
            properties);
  }

  /**
   * Takes back an event added with {@link #addEvent}: for tests that leave the account as they
   * found it (Klaviyo itself never deletes events).
   */
  public void removeAddedEvent(String id) {
    if (!data.events().removeAdded(id)) {
      throw missing("added event", id);
    }
  }

  // --- lists and segments

  /** Adds (or re-adds, with a new joined_group_at) a profile to a list or segment. */
  public Membership addMember(String groupId, String profileId, Instant joinedAt) {
    boolean segment = data.segments().find(groupId).isPresent();
    if (!segment) {
      require(data.lists(), groupId, "list or segment");
    }
    require(data.profiles(), profileId, "profile");
    Membership membership = new Membership(groupId, profileId, joinedAt == null ? now() : joinedAt);
    (segment ? data.segmentMembers() : data.listMembers()).put(membership);
    return membership;
  }

  public void removeMember(String groupId, String profileId) {
    Table<Membership> members =
        data.segments().find(groupId).isPresent() ? data.segmentMembers() : data.listMembers();
    if (!members.delete(groupId + "/" + profileId)) {
      throw missing("membership", groupId + "/" + profileId);
    }
  }

  public Group renameGroup(String id, String name) {
    Table<Group> table = data.segments().find(id).isPresent() ? data.segments() : data.lists();
    Group group = require(table, id, "list or segment");
    Group renamed = group.renamed(name, now());
    table.put(renamed);
    return renamed;
  }

  /** Deletes a list or segment and its memberships. */
  public void deleteGroup(String id) {
    boolean segment = data.segments().find(id).isPresent();
    Table<Group> table = segment ? data.segments() : data.lists();
    require(table, id, "list or segment");
    table.delete(id);
    Table<Membership> members = segment ? data.segmentMembers() : data.listMembers();
    members.rows().stream()
        .filter(m -> m.groupId().equals(id))
        .map(Membership::key)
        .toList()
        .forEach(members::delete);
  }

  // --- flows

  public Flow editFlow(String id, String name, String status, Boolean archived) {
    Flow flow = require(data.flows(), id, "flow");
    Flow edited = flow.edited(name, status, archived, now());
    data.flows().put(edited);
    return edited;
  }

  // --- campaigns

  public Campaign archiveCampaign(String id) {
    Campaign archived = require(data.campaigns(), id, "campaign").archivedAt(now());
    data.campaigns().put(archived);
    return archived;
  }

  /** Deletes a campaign with its messages and estimation. */
  public void deleteCampaign(String id) {
    require(data.campaigns(), id, "campaign");
    data.campaigns().delete(id);
    data.campaignMessages().rows().stream()
        .filter(m -> m.campaignId().equals(id))
        .map(m -> m.id())
        .toList()
        .forEach(data.campaignMessages()::delete);
    data.estimations().remove(id);
  }

  // --- metrics

  public Metric renameMetric(String id, String name) {
    Metric renamed = require(data.metrics(), id, "metric").renamed(name, now());
    data.metrics().put(renamed);
    return renamed;
  }

  public void deleteMetric(String id) {
    require(data.metrics(), id, "metric");
    data.metrics().delete(id);
  }

  private static <T> T require(Table<T> table, String id, String noun) {
    return table.find(id).orElseThrow(() -> missing(noun, id));
  }

  static NoSuchElementException missing(String type, String id) {
    return new NoSuchElementException("no " + type + " with id " + id);
  }
}
