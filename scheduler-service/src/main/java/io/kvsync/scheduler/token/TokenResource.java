package io.kvsync.scheduler.token;

import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.rest.Rules;
import io.kvsync.scheduler.security.Action;
import io.kvsync.scheduler.security.CurrentCaller;
import io.kvsync.scheduler.security.Permits;
import io.kvsync.scheduler.security.Role;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** API tokens: only Team Administrators manage them; the secret is in the creation answer only. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

  /** The furthest ahead a token may expire: long-lived credentials are rotated, not kept. */
  static final Duration MAX_LIFETIME = Duration.ofDays(730);

  /**
   * The body of {@code POST /tokens}.
   *
   * @param expiresAt optional ISO-8601 instant with offset (e.g. {@code 2027-01-31T00:00:00Z}), in
   *     the future and at most 730 days ahead; absent: the token never expires
   */
  @Schema(additionalProperties = Schema.False.class)
  public record TokenRequest(
      @Schema(maxLength = Rules.MAX_NAME_LENGTH) String name,
      @Schema(implementation = Role.class) String role,
      @Schema(format = "date-time") String expiresAt) {}

  /** A token as listed: never its secret. */
  public record TokenView(
      UUID id,
      String name,
      Role role,
      Instant createdAt,
      String createdBy,
      Instant expiresAt,
      Instant lastUsedAt) {
    static TokenView of(ApiToken t) {
      return new TokenView(
          t.id, t.name, t.role, t.createdAt, t.createdBy, t.expiresAt, t.lastUsedAt);
    }
  }

  /** The creation answer: the one time the secret is shown. */
  public record CreatedToken(
      UUID id,
      String name,
      Role role,
      Instant createdAt,
      String createdBy,
      Instant expiresAt,
      String token) {}

  @Inject Clock clock;
  @Inject CurrentCaller caller;
  @Inject ActivityLog activity;

  @POST
  @Permits(Action.MANAGE_TOKENS)
  @WithTransaction
  public Uni<Response> create(TokenRequest request) {
    if (request == null) {
      throw ApiProblem.invalid(null, "A JSON body is required");
    }
    String name = Rules.name("name", request.name());
    Role role = role(request.role());
    Instant now = clock.instant();
    Instant expiresAt = expiresAt(request.expiresAt(), now);
    String secret = TokenHash.newSecret();
    ApiToken token = new ApiToken();
    token.id = UUID.randomUUID();
    token.name = name;
    token.role = role;
    token.tokenHash = TokenHash.of(secret);
    token.createdAt = now;
    token.createdBy = caller.name();
    token.expiresAt = expiresAt;
    return ensureNameFree(name)
        .chain(token::persist)
        .call(
            () ->
                activity.info(
                    caller.name(),
                    "token.created",
                    null,
                    name + " (" + role + (expiresAt == null ? "" : ", expires " + expiresAt) + ")"))
        .map(
            ignored ->
                Response.status(201)
                    .entity(
                        new CreatedToken(
                            token.id,
                            name,
                            role,
                            token.createdAt,
                            token.createdBy,
                            token.expiresAt,
                            secret))
                    .build());
  }

  @GET
  @Permits(Action.MANAGE_TOKENS)
  @WithSession
  public Uni<List<TokenView>> list() {
    return ApiToken.<ApiToken>listAll(Sort.ascending("createdAt"))
        .map(tokens -> tokens.stream().map(TokenView::of).toList());
  }

  @DELETE
  @Path("/{id}")
  @Permits(Action.MANAGE_TOKENS)
  @WithTransaction
  public Uni<Response> revoke(@PathParam("id") UUID id) {
    return ApiToken.<ApiToken>findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("token", id))
        .call(token -> token.delete())
        .call(token -> activity.info(caller.name(), "token.revoked", null, token.name))
        .map(ignored -> Response.noContent().build());
  }

  private static Uni<Void> ensureNameFree(String name) {
    return ApiToken.count("name", name)
        .map(
            taken -> {
              if (taken > 0) {
                throw ApiProblem.conflict("name", "A token named '" + name + "' already exists");
              }
              return null;
            });
  }

  /** Absent, or an instant after {@code now} and at most {@link #MAX_LIFETIME} ahead. */
  static Instant expiresAt(String value, Instant now) {
    if (value == null) {
      return null;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalid(
          "expires_at",
          "expires_at must be an ISO-8601 instant with offset, e.g. 2027-01-31T00:00:00Z");
    }
    if (!at.isAfter(now)) {
      throw ApiProblem.invalid("expires_at", "expires_at must be in the future");
    }
    if (at.isAfter(now.plus(MAX_LIFETIME))) {
      throw ApiProblem.invalid(
          "expires_at", "expires_at must be at most " + MAX_LIFETIME.toDays() + " days ahead");
    }
    return at;
  }

  private static Role role(String value) {
    String text = Rules.required("role", value);
    try {
      return Role.valueOf(text.trim());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid("role", "role must be one of " + Arrays.toString(Role.values()));
    }
  }
}
