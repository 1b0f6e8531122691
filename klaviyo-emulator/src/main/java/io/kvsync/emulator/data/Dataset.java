package io.kvsync.emulator.data;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The emulated account's data, generated from a seed at a scale, then changed by the admin API. */
public final class Dataset {

  private final long seed;
  private final Scale scale;
  private final Instant anchor;
  private final Account account;
  private final Table<Metric> metrics;
  private final Table<Profile> profiles;
  private final Table<Group> lists;
  private final Table<Group> segments;
  private final Table<Membership> listMembers;
  private final Table<Membership> segmentMembers;
  private final Table<Flow> flows;
  private final Table<FlowAction> flowActions;
  private final Table<FlowMessage> flowMessages;
  private final Table<Campaign> campaigns;
  private final Table<CampaignMessage> campaignMessages;
  private final Table<Template> templates;
  private final Map<String, Integer> estimations;
  private final EventLog events;
  private final AtomicLong version = new AtomicLong();

  public Dataset(long seed, Scale scale, Instant anchor) {
    this.seed = seed;
    this.scale = scale;
    this.anchor = anchor;
    this.account = Account.generate(seed);
    List<Metric> generatedMetrics = MetricGenerator.generate(seed, scale.metrics(), anchor);
    this.metrics = new Table<>(Metric::id, generatedMetrics, version);
    AccountGenerator generated = new AccountGenerator(seed, scale, anchor);
    this.profiles = new Table<>(Profile::id, generated.profiles, version);
    this.lists = new Table<>(Group::id, generated.lists, version);
    this.segments = new Table<>(Group::id, generated.segments, version);
    this.listMembers = new Table<>(Membership::key, generated.listMembers, version);
    this.segmentMembers = new Table<>(Membership::key, generated.segmentMembers, version);
    this.flows = new Table<>(Flow::id, generated.flows, version);
    this.flowActions = new Table<>(FlowAction::id, generated.actions, version);
    this.flowMessages = new Table<>(FlowMessage::id, generated.flowMessages, version);
    this.campaigns = new Table<>(Campaign::id, generated.campaigns, version);
    this.campaignMessages = new Table<>(CampaignMessage::id, generated.campaignMessages, version);
    this.templates = new Table<>(Template::id, generated.templates, version);
    this.estimations = new ConcurrentHashMap<>(generated.estimations);
    this.events =
        new EventLog(
            seed,
            scale,
            anchor,
            generatedMetrics.stream().map(Metric::id).toList(),
            generated.profiles.stream().map(Profile::id).toList(),
            version);
  }

  /** Grows with every change; equal versions mean equal data (used to reuse rendered pages). */
  public long version() {
    return version.get();
  }

  public long seed() {
    return seed;
  }

  public Scale scale() {
    return scale;
  }

  public Instant anchor() {
    return anchor;
  }

  public Account account() {
    return account;
  }

  public Table<Metric> metrics() {
    return metrics;
  }

  public Table<Profile> profiles() {
    return profiles;
  }

  public Table<Group> lists() {
    return lists;
  }

  public Table<Group> segments() {
    return segments;
  }

  /** Memberships keyed {@code listId/profileId}. */
  public Table<Membership> listMembers() {
    return listMembers;
  }

  /** Memberships keyed {@code segmentId/profileId}. */
  public Table<Membership> segmentMembers() {
    return segmentMembers;
  }

  public Table<Flow> flows() {
    return flows;
  }

  public Table<FlowAction> flowActions() {
    return flowActions;
  }

  public Table<FlowMessage> flowMessages() {
    return flowMessages;
  }

  public Table<Campaign> campaigns() {
    return campaigns;
  }

  public Table<CampaignMessage> campaignMessages() {
    return campaignMessages;
  }

  public Table<Template> templates() {
    return templates;
  }

  /** Campaign id → estimated recipients; campaigns never estimated are absent. */
  public Map<String, Integer> estimations() {
    return estimations;
  }

  public EventLog events() {
    return events;
  }
}
