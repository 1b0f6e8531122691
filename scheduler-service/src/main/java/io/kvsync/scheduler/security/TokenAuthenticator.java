package io.kvsync.scheduler.security;

import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.token.ApiToken;
import io.kvsync.scheduler.token.TokenHash;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Resolves a bearer token: the configured administrator token, or a stored (hashed) one. */
@ApplicationScoped
public class TokenAuthenticator {

  @Inject SchedulerConfig config;

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
        .map(stored -> Optional.ofNullable(stored).map(t -> new Caller(t.id, t.name, t.role)));
  }

  private static boolean constantTimeEquals(String expected, String given) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
