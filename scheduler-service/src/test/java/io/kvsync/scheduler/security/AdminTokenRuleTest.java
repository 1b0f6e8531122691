package io.kvsync.scheduler.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminTokenRuleTest {

  @Test
  void aShortAdminTokenStopsTheSchedulerNamingTheRuleButNotTheToken() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AdminTokenRule.check(Optional.of("test-admin-token")));
    assertEquals(
        "PIPELINE_ADMIN_TOKEN must be at least 32 characters long (it has 16); generate one with:"
            + " openssl rand -hex 32",
        e.getMessage());
  }

  @Test
  void aLongTokenOrNoneAtAllIsAccepted() {
    assertDoesNotThrow(() -> AdminTokenRule.check(Optional.of("a".repeat(32))));
    assertDoesNotThrow(() -> AdminTokenRule.check(Optional.empty()));
    assertDoesNotThrow(() -> AdminTokenRule.check(Optional.of(" ")));
  }
}
