package io.kvsync.emulator.admin;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kvsync.emulator.api.json.AttributeWriter;
import io.kvsync.emulator.api.json.Timestamps;
import io.kvsync.emulator.auth.ApiKey;
import io.kvsync.emulator.faults.FaultKind;
import io.kvsync.emulator.faults.FaultRule;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;

/** The admin HTTP API under {@code /admin/}: health, keys, faults, data changes, ground truth. */
public final class AdminRouter {

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Numbers in request bodies keep every digit (BigDecimal, BigInteger), as Klaviyo serves them.
   */
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  private static final int ROWS_PER_CHUNK = 2_000;

  private final Vertx vertx;
  private final EmulatorAdmin admin;
  private final Supplier<Map<String, Object>> health;

  public AdminRouter(Vertx vertx, EmulatorAdmin admin, Supplier<Map<String, Object>> health) {
    this.vertx = vertx;
    this.admin = admin;
    this.health = health;
  }

  public void mount(Router router) {
    router.route("/admin/*").handler(BodyHandler.create().setBodyLimit(1 << 20));
    router.get("/admin/health").handler(ctx -> json(ctx, 200, health.get()));
    router.get("/admin/truth").handler(ctx -> json(ctx, 200, GroundTruth.tables()));
    router.get("/admin/truth/:table").handler(this::streamTruth);
    router
        .get("/admin/truth/:table/deleted")
        .handler(
            ctx ->
                guarded(
                    ctx,
                    () ->
                        Map.of(
                            "table", ctx.pathParam("table"),
                            "key_columns", admin.keyColumns(ctx.pathParam("table")),
                            "deleted", admin.deleted(ctx.pathParam("table"))),
                    200));
    router.get("/admin/keys").handler(ctx -> json(ctx, 200, admin.keys()));
    router.put("/admin/keys/:key").handler(this::putKey);
    router
        .get("/admin/keys/:key/requests")
        .handler(
            ctx ->
                guarded(
                    ctx,
                    () -> {
                      var counts = admin.traffic(ctx.pathParam("key"));
                      return summary(
                          "requests", counts.requests(), "throttled", counts.throttled());
                    },
                    200));
    router
        .delete("/admin/keys/:key")
        .handler(
            ctx -> {
              if (admin.revokeKey(ctx.pathParam("key"))) {
                ctx.response().setStatusCode(204).end();
              } else {
                error(ctx, 404, "no key " + ctx.pathParam("key"));
              }
            });
    router.get("/admin/faults").handler(ctx -> json(ctx, 200, faultsJson()));
    router.post("/admin/faults").handler(this::addFault);
    router
        .delete("/admin/faults")
        .handler(
            ctx -> {
              admin.clearFaults();
              ctx.response().setStatusCode(204).end();
            });
    router
        .post("/admin/rate-limits/reset")
        .handler(
            ctx -> {
              admin.resetRateLimits();
              ctx.response().setStatusCode(204).end();
            });
    mountDataChanges(router);
    router
        .route("/admin/*")
        .handler(
            ctx ->
                error(
                    ctx,
                    404,
                    "no admin endpoint " + ctx.request().method() + " " + ctx.request().path()));
  }

  private void mountDataChanges(Router router) {
    router
        .post("/admin/profiles")
        .handler(
            ctx ->
                guarded(
                    ctx,
                    () -> {
                      JsonNode body = body(ctx);
                      var profile =
                          admin.createProfile(
                              optionalText(body, "email"), optionalText(body, "first_name"));
                      return summary(
                          "id", profile.id(), "updated", Timestamps.format(profile.updated()));
                    },
                    201));
    router
        .patch("/admin/profiles/:id")
        .handler(
            ctx ->
                guarded(
                    ctx,
                    () -> {
                      JsonNode body = body(ctx);
                      var profile =
                          admin.updateProfile(
                              ctx.pathParam("id"),
                              optionalText(body, "email"),
                              optionalText(body, "first_name"),
                              objectField(body, "properties"));
                      return summary(
                          "id", profile.id(), "updated", Timestamps.format(profile.updated()));
                    },
                    200));
    router
        .delete("/admin/profiles/:id")
        .handler(
            ctx ->
                guarded(
                    ctx,
                    () -> {
                      admin.deleteProfile(ctx.pathParam("id"));
                      return summary("deleted", ctx.pathParam("id"));
                    },
                    200));
    router
        .post("/admin/events")
        .handler(
            ctx ->
                guarded(
                    ctx,
                    () -> {
                      JsonNode body = body(ctx);
                      var event =
                          admin.addEvent(
                              text(ctx, "metric_id"),
                              text(ctx, "profile_id"),
                              instant(body, "datetime"),
                              objectField(body, "properties"));
                      return summary(
                          "id", event.id(), "datetime", Timestamps.format(event.datetime()));
                    },
                    201));
    for (String groups : List.of("lists", "segments")) {
      router
          .put("/admin/" + groups + "/:id/members/:profileId")
          .handler(
              ctx ->
                  guarded(
                      ctx,
                      () -> {
                        var membership =
                            admin.addMember(
                                ctx.pathParam("id"),
                                ctx.pathParam("profileId"),
                                instant(body(ctx), "joined_group_at"));
                        return summary(
                            "group_id",
                            membership.groupId(),
                            "profile_id",
                            membership.profileId(),
                            "joined_group_at",
                            Timestamps.format(membership.joinedAt()));
                      },
                      200));
      router
          .delete("/admin/" + groups + "/:id/members/:profileId")
          .handler(
              ctx ->
                  guarded(
                      ctx,
                      () -> {
                        admin.removeMember(ctx.pathParam("id"), ctx.pathParam("profileId"));
                        return summary("removed", ctx.pathParam("profileId"));
                      },
                      200));
      router
          .patch("/admin/" + groups + "/:id")
          .handler(
              ctx ->
                  guarded(
                      ctx,
                      () -> {
                        var group = admin.renameGroup(ctx.pathParam("id"), text(ctx, "name"));
                        return summary(
                            "id",
                            group.id(),
                            "name",
                            group.name(),
                            "updated",
                            Timestamps.format(group.updated()));
                      },
                      200));
      router
          .delete("/admin/" + groups + "/:id")
          .handler(
              ctx ->
                  guarded(
                      ctx,
                      () -> {
                        admin.deleteGroup(ctx.pathParam("id"));
                        return summary("deleted", ctx.pathParam("id"));
                      },
                      200));
    }
    router
        .patch("/admin/flows/:id")
        .handler(
            ctx ->
                guarded(
                    ctx,
                    () -> {
                      JsonNode body = body(ctx);
                      Boolean archived =
                          body != null && body.has("archived")
                              ? body.get("archived").asBoolean()
                              : null;
                      var flow =
                          admin.editFlow(
                              ctx.pathParam("id"),
                              optionalText(body, "name"),
                              optionalText(body, "status"),
                              archived);
                      return summary("id", flow.id(), "updated", Timestamps.format(flow.updated()));
                    },
                    200));
    router
        .post("/admin/campaigns/:id/archive")
        .handler(
            ctx ->
                guarded(
                    ctx,
                    () -> {
                      var campaign = admin.archiveCampaign(ctx.pathParam("id"));
                      return summary("id", campaign.id(), "archived", true);
                    },
                    200));
    router
        .delete("/admin/campaigns/:id")
        .handler(
            ctx ->
                guarded(
                    ctx,
                    () -> {
                      admin.deleteCampaign(ctx.pathParam("id"));
                      return summary("deleted", ctx.pathParam("id"));
                    },
                    200));
    router
        .patch("/admin/metrics/:id")
        .handler(
            ctx ->
                guarded(
                    ctx,
                    () -> {
                      var metric = admin.renameMetric(ctx.pathParam("id"), text(ctx, "name"));
                      return summary("id", metric.id(), "name", metric.name());
                    },
                    200));
    router
        .delete("/admin/metrics/:id")
        .handler(
            ctx ->
                guarded(
                    ctx,
                    () -> {
                      admin.deleteMetric(ctx.pathParam("id"));
                      return summary("deleted", ctx.pathParam("id"));
                    },
                    200));
  }

  private static Map<String, Object> summary(Object... pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], pairs[i + 1]);
    }
    return out;
  }

  private static String optionalText(JsonNode body, String field) {
    return body != null && body.hasNonNull(field) ? body.get(field).asText() : null;
  }

  private static Map<String, Object> objectField(JsonNode body, String field) {
    if (body == null || !body.hasNonNull(field)) {
      return null;
    }
    if (!body.get(field).isObject()) {
      throw new IllegalArgumentException(field + " must be a JSON object");
    }
    return MAPPER.convertValue(body.get(field), new TypeReference<Map<String, Object>>() {});
  }

  private static Instant instant(JsonNode body, String field) {
    String text = optionalText(body, field);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + " '" + text + "' is not an ISO-8601 datetime with an offset");
    }
  }

  /** Runs an admin action: missing ids → 404, bad input → 400. */
  private void guarded(RoutingContext ctx, Supplier<Object> action, int status) {
    try {
      json(ctx, status, action.get());
    } catch (NoSuchElementException e) {
      error(ctx, 404, e.getMessage());
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
    }
  }

  private void putKey(RoutingContext ctx) {
    Set<String> scopes = ApiKey.READ_SCOPES;
    JsonNode body = body(ctx);
    if (body != null && body.has("scopes")) {
      scopes = new HashSet<>();
      for (JsonNode scope : body.get("scopes")) {
        scopes.add(scope.asText());
      }
    }
    ApiKey key = new ApiKey(ctx.pathParam("key"), scopes);
    admin.addKey(key);
    json(ctx, 201, key);
  }

  private void addFault(RoutingContext ctx) {
    guarded(
        ctx,
        () -> {
          JsonNode body = body(ctx);
          if (body == null || !body.hasNonNull("kind")) {
            throw new IllegalArgumentException(
                "a fault needs at least {\"kind\": one of " + List.of(FaultKind.values()) + "}");
          }
          FaultRule rule =
              new FaultRule(
                  body.path("endpoint").asText("*"),
                  FaultKind.parse(body.get("kind").asText()),
                  body.path("rate").asDouble(1.0),
                  body.path("latency_ms").asLong(0),
                  body.path("status").asInt(503),
                  body.path("times").asLong(-1),
                  optionalText(body, "link_origin"));
          admin.addFault(rule);
          return faultJson(rule);
        },
        201);
  }

  private List<Map<String, Object>> faultsJson() {
    return admin.faults().stream().map(AdminRouter::faultJson).toList();
  }

  private static Map<String, Object> faultJson(FaultRule rule) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("endpoint", rule.endpoint());
    out.put("kind", rule.kind().name());
    out.put("rate", rule.rate());
    out.put("latency_ms", rule.latencyMillis());
    out.put("status", rule.status());
    out.put("times", rule.times());
    if (rule.linkOrigin() != null) {
      out.put("link_origin", rule.linkOrigin());
    }
    return out;
  }

  private void streamTruth(RoutingContext ctx) {
    Iterator<Map<String, Object>> rows;
    try {
      rows = admin.streamTruth(ctx.pathParam("table"));
    } catch (IllegalArgumentException e) {
      error(ctx, 404, e.getMessage());
      return;
    }
    HttpServerResponse response = ctx.response();
    response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json");
    response.write("[");
    pump(response, rows, true);
  }

  /** Writes chunks of rows, pausing while the client is slow, so memory stays bounded. */
  private void pump(
      HttpServerResponse response, Iterator<Map<String, Object>> rows, boolean first) {
    ByteArrayOutputStream chunk = new ByteArrayOutputStream(64 * 1024);
    boolean leading = first;
    try (JsonGenerator json = JSON.createGenerator(chunk, JsonEncoding.UTF8)) {
      for (int i = 0; i < ROWS_PER_CHUNK && rows.hasNext(); i++) {
        if (!leading) {
          json.writeRaw(',');
        }
        leading = false;
        AttributeWriter.writeValue(json, rows.next());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    response.write(Buffer.buffer(chunk.toByteArray()));
    if (!rows.hasNext()) {
      response.end("]");
      return;
    }
    boolean nextFirst = leading;
    if (response.writeQueueFull()) {
      response.drainHandler(v -> pump(response, rows, nextFirst));
    } else {
      vertx.runOnContext(v -> pump(response, rows, nextFirst));
    }
  }

  private static JsonNode body(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      return MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
    }
  }

  private static String text(RoutingContext ctx, String field) {
    JsonNode body = body(ctx);
    if (body == null || !body.hasNonNull(field)) {
      throw new IllegalArgumentException("the body needs \"" + field + "\"");
    }
    return body.get(field).asText();
  }

  static void json(RoutingContext ctx, int status, Object value) {
    try {
      ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .end(Buffer.buffer(MAPPER.writeValueAsBytes(value)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, Map.of("error", message));
  }
}
