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
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** API tokens: only Team Administrators manage them; the secret is in the creation answer only. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

  /** The body of {@code POST /tokens}. */
  @Schema(additionalProperties = Schema.False.class)
  public record TokenRequest(
      @Schema(maxLength = Rules.MAX_NAME_LENGTH) String name,
      @Schema(implementation = Role.class) String role) {}

  /** A token as listed: never its secret. */
  public record TokenView(UUID id, String name, Role role, Instant createdAt, String createdBy) {
    static TokenView of(ApiToken t) {
      return new TokenView(t.id, t.name, t.role, t.createdAt, t.createdBy);
    }
  }

  /** The creation answer: the one time the secret is shown. */
  public record CreatedToken(
      UUID id, String name, Role role, Instant createdAt, String createdBy, String token) {}

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
    String secret = TokenHash.newSecret();
    ApiToken token = new ApiToken();
    token.id = UUID.randomUUID();
    token.name = name;
    token.role = role;
    token.tokenHash = TokenHash.of(secret);
    token.createdAt = clock.instant();
    token.createdBy = caller.name();
    return token
        .persist()
        .call(() -> activity.info(caller.name(), "token.created", null, name + " (" + role + ")"))
        .map(
            ignored ->
                Response.status(201)
                    .entity(
                        new CreatedToken(
                            token.id, name, role, token.createdAt, token.createdBy, secret))
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

  private static Role role(String value) {
    String text = Rules.required("role", value);
    try {
      return Role.valueOf(text.trim());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid("role", "role must be one of " + Arrays.toString(Role.values()));
    }
  }
}
