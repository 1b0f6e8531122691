package io.kvsync.common.bus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerLossTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aServiceStillConnectingNeverExits() {
    BrokerLoss loss = new BrokerLoss(Duration.ofSeconds(5));
    assertFalse(loss.observe(false, 0));
    assertFalse(loss.observe(false, 60 * SECOND));
  }

  @Test
  void aConnectionLostForTheGraceEndsTheProcessAndABlipDoesNot() {
    BrokerLoss loss = new BrokerLoss(Duration.ofSeconds(5));
    assertFalse(loss.observe(true, 0));
    assertFalse(loss.observe(false, SECOND));
    assertFalse(loss.observe(true, 3 * SECOND), "back within the grace");
    assertFalse(loss.observe(false, 4 * SECOND));
    assertFalse(loss.observe(false, 8 * SECOND));
    assertTrue(loss.observe(false, 9 * SECOND));
  }
}
