package io.kvsync.scheduler.security;

import io.kvsync.scheduler.config.SchedulerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Resolves a bearer token to its caller. */
@ApplicationScoped
public class TokenAuthenticator {

  @Inject SchedulerConfig config;

  public Uni<Optional<Caller>> resolve(String token) {
    if (token.isEmpty()) {
      return Uni.createFrom().item(Optional.empty());
    }
    Optional<String> admin = config.adminToken().filter(t -> !t.isBlank());
    if (admin.isPresent() && constantTimeEquals(admin.get(), token)) {
      return Uni.createFrom()
          .item(Optional.of(new Caller(null, Caller.CONFIGURED_ADMIN, Role.TEAM_ADMINISTRATOR)));
    }
    return Uni.createFrom().item(Optional.empty());
  }

  private static boolean constantTimeEquals(String expected, String given) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
