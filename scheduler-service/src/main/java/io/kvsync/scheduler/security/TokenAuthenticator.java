package io.kvsync.scheduler.security;

import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.token.ApiToken;
import io.kvsync.scheduler.token.TokenHash;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Resolves a bearer token: the configured administrator token, or a stored (hashed) one. */
@ApplicationScoped
public class TokenAuthenticator {

  /** {@code last_used_at} moves at most this often, so a busy token does not write every call. */
  static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

  @Inject SchedulerConfig config;
  @Inject Clock clock;

  /**
   * @return the caller, or empty for an unknown token; fails with a 401 {@link ApiProblem} for a
   *     token past its {@code expires_at}
   */
  @WithSession
  public Uni<Optional<Caller>> resolve(String token) {
    if (token.isEmpty()) {
      return Uni.createFrom().item(Optional.empty());
    }
    Optional<String> admin = config.adminToken().filter(t -> !t.isBlank());
    if (admin.isPresent() && constantTimeEquals(admin.get(), token)) {
      return Uni.createFrom()
          .item(Optional.of(new Caller(null, Caller.CONFIGURED_ADMIN, Role.TEAM_ADMINISTRATOR)));
    }
    return ApiToken.<ApiToken>find("tokenHash", TokenHash.of(token))
        .firstResult()
        .chain(
            stored -> {
              if (stored == null) {
                return Uni.createFrom().item(Optional.<Caller>empty());
              }
              Instant now = clock.instant();
              if (stored.expiredAt(now)) {
                return Uni.createFrom()
                    .failure(ApiProblem.unauthorized("The bearer token has expired"));
              }
              return noteUse(stored, now)
                  .replaceWith(Optional.of(new Caller(stored.id, stored.name, stored.role)));
            });
  }

  /** Records the use when the last one recorded is a minute old or more. */
  private Uni<Void> noteUse(ApiToken token, Instant now) {
    if (token.lastUsedAt != null && now.isBefore(token.lastUsedAt.plus(LAST_USED_PRECISION))) {
      return Uni.createFrom().voidItem();
    }
    // A conditional update: of concurrent calls, one writes; a failure never refuses the call.
    return Panache.withTransaction(
            () ->
                ApiToken.update(
                    "lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?3)",
                    now,
                    token.id,
                    now.minus(LAST_USED_PRECISION)))
        .replaceWithVoid()
        .onFailure()
        .recoverWithNull();
  }

  private static boolean constantTimeEquals(String expected, String given) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
