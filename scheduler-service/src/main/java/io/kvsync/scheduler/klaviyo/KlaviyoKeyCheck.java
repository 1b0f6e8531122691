package io.kvsync.scheduler.klaviyo;

import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.rest.ApiProblem;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tests a private API key against Klaviyo: {@code GET /api/accounts} says whether the key is valid
 * and names the account; then one cheap request per read scope the pipeline needs names the scopes
 * the key lacks. The probes ask for an id that does not exist: 403 means the scope is missing,
 * anything else (404) means it is granted, and no data is read.
 */
@ApplicationScoped
public class KlaviyoKeyCheck {

  /** The account a valid key belongs to. */
  public record Account(String id, String name) {}

  private static final String PROBE_ID = "kvsync-scope-probe";

  /** Read scopes the replication needs, by the name users see, and a cheap request for each. */
  static final Map<String, String> SCOPE_PROBES = new LinkedHashMap<>();

  static {
    SCOPE_PROBES.put("Campaigns", "/api/campaigns/" + PROBE_ID);
    SCOPE_PROBES.put("Events", "/api/events/" + PROBE_ID);
    SCOPE_PROBES.put("Flows", "/api/flows/" + PROBE_ID);
    SCOPE_PROBES.put("List", "/api/lists/" + PROBE_ID);
    SCOPE_PROBES.put("Metrics", "/api/metrics/" + PROBE_ID);
    SCOPE_PROBES.put("Profiles", "/api/profiles/" + PROBE_ID);
    SCOPE_PROBES.put("Segments", "/api/segments/" + PROBE_ID);
    SCOPE_PROBES.put("Templates", "/api/templates/" + PROBE_ID);
  }

  private static final int MAX_RATE_LIMIT_WAIT_SECONDS = 5;

  @Inject SchedulerConfig config;
  @Inject Vertx vertx;

  private WebClient client;

  private synchronized WebClient client() {
    if (client == null) {
      client =
          WebClient.create(
              vertx,
              new WebClientOptions()
                  .setConnectTimeout((int) config.klaviyo().timeout().toMillis())
                  .setUserAgent("kvsync-scheduler"));
    }
    return client;
  }

  @PreDestroy
  void close() {
    if (client != null) {
      client.close();
    }
  }

  /**
   * @return the account of a key that has every read scope
   * @throws ApiProblem 422 naming the problem: an invalid key, or the read scopes it lacks
   */
  public Uni<Account> check(String privateApiKey) {
    return get("/api/accounts", privateApiKey)
        .flatMap(
            response -> {
              int status = response.statusCode();
              if (status == 401) {
                throw ApiProblem.invalid(
                    "source.private_api_key",
                    "Klaviyo refused the private API key (401): check that it is a valid, active"
                        + " private key");
              }
              Account account = status == 200 ? account(response) : null;
              List<String> missing = new ArrayList<>();
              if (status == 403) {
                missing.add("Accounts");
              } else if (status != 200) {
                throw unreachable(status);
              }
              return missingScopes(privateApiKey)
                  .map(
                      more -> {
                        missing.addAll(more);
                        if (!missing.isEmpty()) {
                          throw ApiProblem.invalid(
                              "source.private_api_key",
                              "The private API key lacks read access to: "
                                  + String.join(", ", missing)
                                  + ". Give the key read scope for each in Klaviyo");
                        }
                        return account;
                      });
            });
  }

  private Uni<List<String>> missingScopes(String key) {
    return Multi.createFrom()
        .iterable(SCOPE_PROBES.entrySet())
        .onItem()
        .transformToUniAndConcatenate(
            probe ->
                get(probe.getValue(), key)
                    .map(response -> response.statusCode() == 403 ? probe.getKey() : ""))
        .filter(name -> !name.isEmpty())
        .collect()
        .asList();
  }

  private Uni<HttpResponse<Buffer>> get(String path, String key) {
    return send(path, key, 0);
  }

  private Uni<HttpResponse<Buffer>> send(String path, String key, int attempt) {
    Duration timeout = config.klaviyo().timeout();
    return client()
        .getAbs(config.klaviyo().baseUrl() + path)
        .putHeader("Authorization", "Klaviyo-API-Key " + key)
        .putHeader("revision", config.klaviyo().revision())
        .putHeader("Accept", "application/vnd.api+json")
        .timeout(timeout.toMillis())
        .send()
        .onFailure()
        .transform(
            failure ->
                ApiProblem.invalid(
                    null,
                    "Klaviyo could not be reached at "
                        + config.klaviyo().baseUrl()
                        + ": "
                        + failure.getMessage()))
        .flatMap(
            response -> {
              if (response.statusCode() == 429 && attempt < 3) {
                long wait = retryAfterSeconds(response);
                return Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(Duration.ofSeconds(wait))
                    .flatMap(ignored -> send(path, key, attempt + 1));
              }
              return Uni.createFrom().item(response);
            });
  }

  private static long retryAfterSeconds(HttpResponse<Buffer> response) {
    try {
      long seconds = Long.parseLong(response.getHeader("Retry-After").trim());
      return Math.max(1, Math.min(seconds, MAX_RATE_LIMIT_WAIT_SECONDS));
    } catch (RuntimeException e) {
      return 1;
    }
  }

  private static Account account(HttpResponse<Buffer> response) {
    try {
      JsonArray data = response.bodyAsJsonObject().getJsonArray("data");
      JsonObject first = data.getJsonObject(0);
      JsonObject contact =
          first
              .getJsonObject("attributes", new JsonObject())
              .getJsonObject("contact_information", new JsonObject());
      String name = contact.getString("organization_name");
      return new Account(first.getString("id"), name);
    } catch (RuntimeException e) {
      throw ApiProblem.invalid(null, "Klaviyo answered /api/accounts with an unexpected body");
    }
  }

  private static ApiProblem unreachable(int status) {
    return ApiProblem.invalid(
        null, "Klaviyo answered the key check with HTTP " + status + "; try again later");
  }
}
