package io.kvsync.scheduler.job;

import io.kvsync.common.catalogue.EndpointPlan;
import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.common.catalogue.RateTier;
import io.kvsync.common.contract.RateShares;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.scheduler.pipeline.Pipeline;
import io.kvsync.scheduler.schedule.ScheduleDisabled;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Shares of one Klaviyo key's budget among every read in flight on it, whatever its pipeline, job
 * or extractor (docs/adr/0009). Per tier, each slice issued and not yet reported gets {@code 1/n}
 * of the key's budget, {@code n} being the slices in flight of that key that use the tier: the
 * shares of one key and tier never sum above 1. Every change is broadcast on the control fanout, so
 * the extractors shrink the reads already running when more are issued, and grow them back when
 * some end.
 */
@ApplicationScoped
public class KeyRateShares {

  private static final Logger LOG = Logger.getLogger(KeyRateShares.class);

  /** The advisory-lock namespace of dispatches of one key ("rate" in ASCII). */
  private static final int KEY_LOCK_NAMESPACE = 0x72617465;

  private static final String IN_FLIGHT =
      "SELECT p.api_key_fingerprint, s.object, count(*) FROM slices s"
          + " JOIN jobs j ON j.id = s.job_id JOIN pipelines p ON p.id = j.pipeline_id"
          + " WHERE s.state = 'ISSUED' AND j.status IN ('QUEUED', 'RUNNING')"
          + " AND p.api_key_fingerprint IS NOT NULL";

  @Inject Clock clock;
  @Inject SecretCipher cipher;
  @Inject CommandSink sink;

  /** Keys this replica last announced with reads in flight: their shares must return to 1. */
  private final Set<String> announcedBusy = ConcurrentHashMap.newKeySet();

  /**
   * The fingerprint of the pipeline's key, stored on the pipeline when missing (pipelines created
   * before fingerprints) or stale (its key was replaced). Within the caller's transaction.
   */
  String fingerprintOf(Pipeline pipeline) {
    String fingerprint = cipher.fingerprint(pipeline.apiKey(cipher));
    if (!fingerprint.equals(pipeline.apiKeyFingerprint)) {
      pipeline.apiKeyFingerprint = fingerprint;
    }
    return fingerprint;
  }

  /**
   * Within a dispatch's transaction, once its slices are marked issued: serialises the dispatches
   * of one key until commit (so two jobs of one key never count without each other) and counts the
   * key's reads in flight, those just issued included.
   */
  Uni<RateShares> lockAndCount(String fingerprint) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        "SELECT pg_advisory_xact_lock(:namespace, hashtext(:fingerprint))",
                        Object.class)
                    .setParameter("namespace", KEY_LOCK_NAMESPACE)
                    .setParameter("fingerprint", fingerprint)
                    .getSingleResult()
                    .chain(session::flush)
                    .chain(
                        () ->
                            session
                                .createNativeQuery(
                                    IN_FLIGHT
                                        + " AND p.api_key_fingerprint = :fingerprint"
                                        + " GROUP BY p.api_key_fingerprint, s.object",
                                    Object[].class)
                                .setParameter("fingerprint", fingerprint)
                                .getResultList()))
        .map(rows -> sharesByKey(rows).getOrDefault(fingerprint, idle(fingerprint)));
  }

  /** The share a new slice of {@code object} gets: its smallest among the tiers it calls. */
  static double shareOf(RateShares shares, String object) {
    return tiersOf(object).stream()
        .mapToDouble(tier -> shares.shares().getOrDefault(tier, 1.0))
        .min()
        .orElse(1.0);
  }

  /** Broadcasts the shares; a failure is logged, and the next refresh announces them again. */
  Uni<Void> announce(RateShares shares) {
    return sink.publish(shares)
        .onFailure()
        .invoke(
            failure ->
                LOG.warnf(
                    "Announcing the rate shares of key %s failed; the next refresh repeats them:"
                        + " %s",
                    abbreviated(shares.keyFingerprint()), failure.toString()))
        .onFailure()
        .recoverWithNull();
  }

  /**
   * Announces the shares of every key with reads in flight, and the return to whole budgets of the
   * keys whose reads all ended: shares grow back, and an extractor that started late learns them.
   */
  @Scheduled(
      every = "${kvsync.dispatch.rate-share-refresh:PT5S}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = ScheduleDisabled.class)
  Uni<Void> refresh() {
    return countAll()
        .chain(
            busy -> {
              Set<String> ended = new HashSet<>(announcedBusy);
              ended.removeAll(busy.keySet());
              announcedBusy.removeAll(ended);
              announcedBusy.addAll(busy.keySet());
              List<RateShares> announcements = new ArrayList<>(busy.values());
              ended.forEach(fingerprint -> announcements.add(idle(fingerprint)));
              return Multi.createFrom()
                  .iterable(announcements)
                  .onItem()
                  .transformToUniAndConcatenate(this::announce)
                  .collect()
                  .last()
                  .replaceWithVoid();
            })
        .onFailure()
        .invoke(failure -> LOG.warnf("Refreshing the rate shares failed: %s", failure.toString()))
        .onFailure()
        .recoverWithNull();
  }

  @WithSession
  Uni<Map<String, RateShares>> countAll() {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        IN_FLIGHT + " GROUP BY p.api_key_fingerprint, s.object", Object[].class)
                    .getResultList())
        .map(this::sharesByKey);
  }

  private Map<String, RateShares> sharesByKey(List<Object[]> rows) {
    Map<String, Map<RateTier, Long>> inFlight = new HashMap<>();
    for (Object[] row : rows) {
      Map<RateTier, Long> perTier =
          inFlight.computeIfAbsent((String) row[0], k -> new EnumMap<>(RateTier.class));
      long slices = ((Number) row[2]).longValue();
      tiersOf((String) row[1]).forEach(tier -> perTier.merge(tier, slices, Long::sum));
    }
    Map<String, RateShares> shares = new HashMap<>();
    inFlight.forEach(
        (fingerprint, perTier) -> {
          Map<RateTier, Double> byTier = new EnumMap<>(RateTier.class);
          for (RateTier tier : RateTier.values()) {
            byTier.put(tier, 1.0 / Math.max(1, perTier.getOrDefault(tier, 0L)));
          }
          shares.put(
              fingerprint,
              new RateShares(RateShares.SCHEMA_VERSION, fingerprint, byTier, clock.instant()));
        });
    return shares;
  }

  private RateShares idle(String fingerprint) {
    Map<RateTier, Double> whole = new EnumMap<>(RateTier.class);
    for (RateTier tier : RateTier.values()) {
      whole.put(tier, 1.0);
    }
    return new RateShares(RateShares.SCHEMA_VERSION, fingerprint, whole, clock.instant());
  }

  /**
   * The tiers a slice of the object calls: its own, and its parents' when it lists them; none for a
   * table carried by another's responses.
   */
  static Set<RateTier> tiersOf(String object) {
    Optional<EndpointPlan> plan = ObjectCatalogue.find(object).map(ObjectDefinition::plan);
    if (plan.isEmpty()) {
      return EnumSet.of(RateTier.M);
    }
    Set<RateTier> tiers = EnumSet.noneOf(RateTier.class);
    if (!plan.get().isDerived()) {
      tiers.add(plan.get().tier());
      parentPlan(plan.get()).ifPresent(parent -> tiers.add(parent.tier()));
    }
    return tiers;
  }

  private static Optional<EndpointPlan> parentPlan(EndpointPlan plan) {
    return plan.isPerParent()
        ? ObjectCatalogue.find(plan.parent().table()).map(ObjectDefinition::plan)
        : Optional.empty();
  }

  /** Enough of a fingerprint to tell keys apart in a log. */
  private static String abbreviated(String fingerprint) {
    return fingerprint.substring(0, Math.min(12, fingerprint.length()));
  }
}
