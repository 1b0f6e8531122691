package io.kvsync.loader.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.kvsync.common.contract.Refusal;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.loader.destination.DestinationHealth.Admission;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DestinationHealthTest {

  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(10);
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private final MutableClock clock = new MutableClock();
  private final DestinationHealth health =
      new DestinationHealth(GIVE_UP_AFTER, PROBE_INTERVAL, clock);

  private final DestinationSpec shop = spec("shop", "secret");
  private final DestinationSpec crm = spec("crm", "secret");

  private static DestinationSpec spec(String database, String password) {
    return new DestinationSpec("db.example", 5432, database, "loader", password, "klaviyo", "");
  }

  private static PgException pg(String sqlState) {
    return new PgException("refused", "FATAL", sqlState, null);
  }

  @Test
  void anUnknownDestinationIsLoaded() {
    assertInstanceOf(Admission.Load.class, health.admit(shop));
  }

  @Test
  void aRefusedLoginRefusesTheDestinationsBatchesAtOnceForTheProbeInterval() {
    health.failed(shop, pg("28P01"), "wrong password");

    Admission admission = health.admit(shop);
    Admission.Refuse refuse = assertInstanceOf(Admission.Refuse.class, admission);
    assertEquals(Refusal.PERMANENT, refuse.refusal().refusal());
    assertEquals("wrong password", refuse.refusal().getMessage());
    assertInstanceOf(Admission.Load.class, health.admit(crm), "another database is not concerned");

    clock.advance(PROBE_INTERVAL);
    assertInstanceOf(Admission.Load.class, health.admit(shop), "tried again after the interval");
  }

  @Test
  void aMissingDatabaseIsRememberedLikeARefusedLogin() {
    health.failed(shop, pg("3D000"), "no such database");
    assertInstanceOf(Admission.Refuse.class, health.admit(shop));
  }

  @Test
  void aCorrectedPasswordIsTriedAtOnce() {
    health.failed(shop, pg("28P01"), "wrong password");
    assertInstanceOf(Admission.Load.class, health.admit(spec("shop", "corrected")));
  }

  @Test
  void aFailureOfOneBatchOnlyDoesNotRefuseTheDestination() {
    health.failed(shop, pg("42501"), "permission denied");
    assertInstanceOf(Admission.Load.class, health.admit(shop));
  }

  @Test
  void anUnavailableDestinationIsRetriedUntilTheBoundThenRefusedExceptOneProbePerInterval() {
    health.failed(shop, new ConnectException("Connection refused"), null);
    clock.advance(GIVE_UP_AFTER.minusSeconds(1));
    health.failed(shop, new ConnectException("Connection refused"), null);
    assertInstanceOf(Admission.Load.class, health.admit(shop), "still within the bound");

    clock.advance(Duration.ofSeconds(1));
    assertInstanceOf(Admission.Probe.class, health.admit(shop), "the first batch past the bound");
    Admission.Refuse refuse = assertInstanceOf(Admission.Refuse.class, health.admit(shop));
    assertEquals(Refusal.TEMPORARY, refuse.refusal().refusal());
    assertEquals(
        "The destination db.example:5432/shop was unavailable for more than 2 minutes (the"
            + " destination was unreachable: connection refused); the object resumes on the next"
            + " run",
        refuse.refusal().getMessage());

    clock.advance(PROBE_INTERVAL);
    assertInstanceOf(Admission.Probe.class, health.admit(shop), "one probe per interval");
    assertInstanceOf(Admission.Refuse.class, health.admit(shop));
  }

  @Test
  void anySuccessForgetsTheFailures() {
    health.failed(shop, new ConnectException("Connection refused"), null);
    clock.advance(GIVE_UP_AFTER.plusSeconds(1));
    health.succeeded(shop);
    assertInstanceOf(Admission.Load.class, health.admit(shop));
    assertEquals(0, health.failingDestinations());

    health.failed(shop, pg("28P01"), "wrong password");
    health.succeeded(shop);
    assertInstanceOf(Admission.Load.class, health.admit(shop));
  }

  @Test
  void aLockOrStatementTimeoutIsNoUnavailability() {
    health.failed(shop, pg("55P03"), null);
    health.failed(shop, pg("57014"), null);
    clock.advance(GIVE_UP_AFTER.plusSeconds(1));
    assertInstanceOf(Admission.Load.class, health.admit(shop));
  }

  @Test
  void anAnswerOfTheDatabaseEndsAnUnavailability() {
    health.failed(shop, new ConnectException("Connection refused"), null);
    health.failed(shop, pg("42501"), "permission denied");
    clock.advance(GIVE_UP_AFTER.plusSeconds(1));
    assertInstanceOf(Admission.Load.class, health.admit(shop));
    assertEquals(0, health.failingDestinations());
  }

  private static final class MutableClock extends Clock {
    private Instant now = T0;

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
