package io.kvsync.emulator;

import io.kvsync.emulator.admin.AdminRouter;
import io.kvsync.emulator.admin.EmulatorAdmin;
import io.kvsync.emulator.api.ApiEndpoints;
import io.kvsync.emulator.api.ApiRouter;
import io.kvsync.emulator.api.EndpointRules;
import io.kvsync.emulator.auth.ApiKeyRing;
import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.faults.FaultInjector;
import io.kvsync.emulator.ratelimit.RateLimiter;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running Klaviyo emulator. Start one per test (port 0) or run {@link Main} standalone.
 *
 * <pre>{@code
 * try (KlaviyoEmulator klaviyo = KlaviyoEmulator.start(EmulatorConfig.defaults())) {
 *   String baseUrl = klaviyo.baseUrl();           // http://127.0.0.1:<port>
 *   String adminUrl = klaviyo.adminUrl();         // http://127.0.0.1:<another port>/admin/…
 *   String key = klaviyo.demoKey();               // every read scope
 *   klaviyo.admin().truth("metric_v2");           // what the destination must hold
 * }
 * }</pre>
 */
public final class KlaviyoEmulator implements AutoCloseable {

  private final EmulatorConfig config;
  private final Vertx vertx;
  private final List<HttpServer> servers;
  private final EmulatorAdmin admin;
  private final String baseUrl;
  private final String adminUrl;

  private KlaviyoEmulator(
      EmulatorConfig config,
      Vertx vertx,
      List<HttpServer> servers,
      EmulatorAdmin admin,
      String baseUrl,
      String adminUrl) {
    this.config = config;
    this.vertx = vertx;
    this.servers = servers;
    this.admin = admin;
    this.baseUrl = baseUrl;
    this.adminUrl = adminUrl;
  }

  /** Generates the data, binds the port and returns once requests are served. */
  public static KlaviyoEmulator start(EmulatorConfig config) {
    Dataset data = new Dataset(config.seed(), config.scale(), config.anchor());
    ApiKeyRing keys = new ApiKeyRing(config.initialKeys());
    FaultInjector faults = new FaultInjector(config.faults(), config.seed());
    RateLimiter rateLimiter = new RateLimiter(config.rateLimits());
    EmulatorAdmin admin = new EmulatorAdmin(data, keys, faults, rateLimiter);
    EndpointRules rules = EndpointRules.load();

    int eventLoops = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(2));
    String[] boundBaseUrl = new String[1];
    Router router = Router.router(vertx);
    new ApiRouter(vertx, keys, rateLimiter, faults, () -> data, () -> boundBaseUrl[0])
        .mount(router, rules, ApiEndpoints.all());
    Map<String, Object> healthTemplate = new LinkedHashMap<>();
    healthTemplate.put("status", "UP");
    healthTemplate.put("seed", config.seed());
    healthTemplate.put("scale", config.scale());
    healthTemplate.put("rate_limits", config.rateLimits().kind().name().toLowerCase());
    // The admin API changes data and injects faults without a key: it has its own router and
    // listener (loopback unless configured otherwise); the Klaviyo API's port answers 404 there.
    Router adminRouter = Router.router(vertx);
    new AdminRouter(
            vertx,
            admin,
            () -> {
              Map<String, Object> health = new LinkedHashMap<>(healthTemplate);
              health.put("base_url", boundBaseUrl[0]);
              return health;
            })
        .mount(adminRouter);

    List<HttpServer> servers = new CopyOnWriteArrayList<>();
    try {
      // One server per event loop, deployed as verticle instances so that Vert.x shares the
      // listening socket (and, for port 0, the same random port) between them.
      await(
          vertx.deployVerticle(
              () ->
                  new AbstractVerticle() {
                    @Override
                    public void start(Promise<Void> started) {
                      vertx
                          .createHttpServer(serverOptions())
                          .requestHandler(router)
                          .listen(config.port(), config.host())
                          .onSuccess(server -> servers.add(server))
                          .<Void>mapEmpty()
                          .onComplete(started);
                    }
                  },
              new DeploymentOptions().setInstances(eventLoops)),
          "listen on " + config.host() + ":" + config.port());
      boundBaseUrl[0] = url(config.host(), servers.get(0).actualPort());
      HttpServer adminServer =
          await(
              vertx
                  .createHttpServer(serverOptions())
                  .requestHandler(adminRouter)
                  .listen(config.adminPort(), config.adminHost()),
              "listen on " + config.adminHost() + ":" + config.adminPort() + " (admin API)");
      return new KlaviyoEmulator(
          config,
          vertx,
          servers,
          admin,
          boundBaseUrl[0],
          url(config.adminHost(), adminServer.actualPort()));
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  /** Where a client on this machine reaches a listener on {@code host}. */
  private static String url(String host, int port) {
    return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port;
  }

  private static HttpServerOptions serverOptions() {
    return new HttpServerOptions().setTcpNoDelay(true).setCompressionSupported(false);
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("could not " + what + ": " + cause.getMessage(), cause);
    }
  }

  /** Absolute base URL, e.g. {@code http://127.0.0.1:8090}; append {@code /api/…}. */
  public String baseUrl() {
    return baseUrl;
  }

  public int port() {
    return servers.get(0).actualPort();
  }

  /**
   * The admin API's base URL, e.g. {@code http://127.0.0.1:8091}; append {@code /admin/…}. A port
   * of its own, apart from the Klaviyo API's.
   */
  public String adminUrl() {
    return adminUrl;
  }

  /** The key with every read scope. */
  public String demoKey() {
    return config.demoKey();
  }

  public EmulatorConfig config() {
    return config;
  }

  /** In-process control: keys, faults, data changes, ground truth. */
  public EmulatorAdmin admin() {
    return admin;
  }

  /** Closes the port and the event loops. */
  public void stop() {
    await(vertx.close(), "stop");
  }

  @Override
  public void close() {
    stop();
  }
}
