package io.kvsync.loader.destination;

import io.kvsync.common.destination.DestinationConnections;
import io.kvsync.common.destination.DestinationNetworks;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.loader.config.LoaderConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One bounded connection pool per destination database, created on first use and closed once it has
 * been idle for {@code kvsync.pools.idle-timeout}, so a loader serving many pipelines holds
 * connections only to the databases it is loading.
 */
@ApplicationScoped
public class DestinationPools {

  private static final Logger LOG = Logger.getLogger(DestinationPools.class);

  private final Vertx vertx;
  private final LoaderConfig config;
  private final DestinationNetworks networks;
  private final Map<String, PooledDestination> pools = new ConcurrentHashMap<>();

  private static final class PooledDestination {
    private final Pool pool;
    private volatile long lastUsedNanos = System.nanoTime();
    // Changed only inside the map's compute functions, which run one at a time per key.
    private int inFlight;

    PooledDestination(Pool pool) {
      this.pool = pool;
    }

    Pool pool() {
      return pool;
    }

    void touch() {
      lastUsedNanos = System.nanoTime();
    }

    boolean idleLongerThan(long nanos, long now) {
      return inFlight == 0 && now - lastUsedNanos > nanos;
    }
  }

  public DestinationPools(Vertx vertx, LoaderConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.networks = DestinationNetworks.allowing(config.destination().allowedNetworks().orElse(""));
    long sweepMillis = Math.max(1000, config.pools().idleTimeout().toMillis() / 2);
    vertx.setPeriodic(sweepMillis, id -> closeIdle());
  }

  /**
   * Runs {@code work} with the destination's pool; the pool cannot be closed as idle while any work
   * holds it. The host is checked against the network policy first, every time: what it resolves to
   * may have changed since the connection test.
   *
   * @throws io.kvsync.common.destination.DestinationHostRefusedException (as the Uni's failure)
   *     when the host resolves to an address destinations may not use
   */
  public <T> Uni<T> withPool(DestinationSpec spec, Function<Pool, Uni<T>> work) {
    // The password and the TLS settings are part of the key: a change gets a fresh pool, the old
    // one idles out.
    String key =
        spec.poolKey()
            + "#"
            + Integer.toHexString(
                Objects.hash(spec.password(), spec.sslMode(), spec.caCertificate()));
    return hostAllowed(spec.host()).chain(() -> acquired(key, spec, work));
  }

  private Uni<Void> hostAllowed(String host) {
    // A blocking look-up: off the event loop, back on the caller's context.
    return vertx.executeBlocking(
        Uni.createFrom()
            .item(
                () -> {
                  try {
                    networks.check(host);
                  } catch (UnknownHostException e) {
                    throw new UncheckedIOException(e);
                  }
                  return null;
                }),
        false);
  }

  private <T> Uni<T> acquired(String key, DestinationSpec spec, Function<Pool, Uni<T>> work) {
    return Uni.createFrom()
        .item(
            () ->
                pools.compute(
                    key,
                    (k, pooled) -> {
                      PooledDestination acquired = pooled != null ? pooled : open(spec);
                      acquired.inFlight++;
                      acquired.touch();
                      return acquired;
                    }))
        .chain(
            pooled ->
                Uni.createFrom()
                    .deferred(() -> work.apply(pooled.pool()))
                    .eventually(
                        () ->
                            pools.computeIfPresent(
                                key,
                                (k, held) -> {
                                  held.inFlight--;
                                  held.touch();
                                  return held;
                                })));
  }

  private PooledDestination open(DestinationSpec spec) {
    LOG.infof("Opening a connection pool to %s", spec);
    PgConnectOptions connect =
        DestinationConnections.options(spec)
            .setCachePreparedStatements(true)
            .setPipeliningLimit(1)
            .setReconnectAttempts(0)
            .setConnectTimeout((int) config.pools().connectTimeout().toMillis())
            // Startup parameters, so that every connection is bounded from its first statement.
            .addProperty("statement_timeout", milliseconds(config.load().statementTimeout()))
            .addProperty("lock_timeout", milliseconds(config.load().lockTimeout()));
    PoolOptions options =
        new PoolOptions()
            .setMaxSize(config.pools().maxSize())
            .setIdleTimeout((int) config.pools().idleTimeout().toSeconds())
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setName("kvsync-destination-" + spec.poolKey());
    Pool pool = PgBuilder.pool().with(options).connectingTo(connect).using(vertx).build();
    return new PooledDestination(pool);
  }

  private void closeIdle() {
    long idleNanos = config.pools().idleTimeout().toNanos();
    long now = System.nanoTime();
    for (String key : pools.keySet()) {
      pools.computeIfPresent(
          key,
          (k, pooled) -> {
            if (!pooled.idleLongerThan(idleNanos, now)) {
              return pooled;
            }
            LOG.infof("Closing the idle connection pool %s", k.substring(0, k.indexOf('#')));
            pooled.pool().closeAndForget();
            return null;
          });
    }
  }

  /** How many destination pools are open: for tests and health. */
  public int openPools() {
    return pools.size();
  }

  private static String milliseconds(Duration duration) {
    return String.valueOf(duration.toMillis());
  }

  /**
   * Closed with the application scope, after the shutdown drain: a batch still loading then loses
   * its transaction (rolled back, not acknowledged) rather than its connection mid-commit.
   */
  @PreDestroy
  void closeAll() {
    pools.values().forEach(pooled -> pooled.pool().closeAndForget());
    pools.clear();
  }
}
