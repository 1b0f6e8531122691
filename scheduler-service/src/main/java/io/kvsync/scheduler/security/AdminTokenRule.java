package io.kvsync.scheduler.security;

import io.kvsync.scheduler.config.SchedulerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * The configured administrator token ({@code PIPELINE_ADMIN_TOKEN}) may do everything, forever: a
 * short one is refused at startup rather than guessed later.
 */
public class AdminTokenRule {

  public static final int MIN_LENGTH = 32;

  void check(@Observes StartupEvent started, SchedulerConfig config) {
    check(config.adminToken());
  }

  /**
   * @throws IllegalArgumentException when the token is set but shorter than {@value #MIN_LENGTH}
   */
  static void check(Optional<String> adminToken) {
    adminToken
        .filter(token -> !token.isBlank())
        .ifPresent(
            token -> {
              if (token.trim().length() < MIN_LENGTH) {
                throw new IllegalArgumentException(
                    "PIPELINE_ADMIN_TOKEN must be at least "
                        + MIN_LENGTH
                        + " characters long (it has "
                        + token.trim().length()
                        + "); generate one with: openssl rand -hex 32");
              }
            });
  }
}
