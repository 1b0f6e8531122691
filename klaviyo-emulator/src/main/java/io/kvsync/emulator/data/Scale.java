package io.kvsync.emulator.data;

/**
 * How many objects of each kind the generated account holds.
 *
 * @param metrics metrics (200 per page, so the default spans three pages)
 * @param profiles profiles
 * @param events events, spread evenly over {@code eventDays} days before the anchor time
 * @param eventDays the period the events cover
 * @param lists lists
 * @param segments segments
 * @param flows flows (each with a few actions and messages)
 * @param campaigns campaigns over the three channels (each with one message)
 */
public record Scale(
    int metrics,
    int profiles,
    long events,
    int eventDays,
    int lists,
    int segments,
    int flows,
    int campaigns) {

  public static final Scale DEFAULT = new Scale(450, 2_000, 20_000, 90, 25, 12, 10, 40);

  public Scale {
    if (metrics < 1
        || profiles < 1
        || events < 0
        || eventDays < 1
        || lists < 0
        || segments < 0
        || flows < 0
        || campaigns < 0) {
      throw new IllegalArgumentException(
          "scale needs at least one metric, one profile and one event day; counts are never negative");
    }
  }

  public Scale withMetrics(int value) {
    return new Scale(value, profiles, events, eventDays, lists, segments, flows, campaigns);
  }

  public Scale withProfiles(int value) {
    return new Scale(metrics, value, events, eventDays, lists, segments, flows, campaigns);
  }

  public Scale withEvents(long value) {
    return new Scale(metrics, profiles, value, eventDays, lists, segments, flows, campaigns);
  }

  public Scale withEventDays(int value) {
    return new Scale(metrics, profiles, events, value, lists, segments, flows, campaigns);
  }

  public Scale withLists(int value) {
    return new Scale(metrics, profiles, events, eventDays, value, segments, flows, campaigns);
  }

  public Scale withSegments(int value) {
    return new Scale(metrics, profiles, events, eventDays, lists, value, flows, campaigns);
  }

  public Scale withFlows(int value) {
    return new Scale(metrics, profiles, events, eventDays, lists, segments, value, campaigns);
  }

  public Scale withCampaigns(int value) {
    return new Scale(metrics, profiles, events, eventDays, lists, segments, flows, value);
  }
}
