package io.kvsync.scheduler.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock shifted by an offset tests move forward to make schedules come due. */
public class TestClock extends Clock {

  private static final AtomicReference<Duration> OFFSET = new AtomicReference<>(Duration.ZERO);

  /** Moves "now" forward for the whole application under test. */
  public static void advance(Duration by) {
    OFFSET.updateAndGet(current -> current.plus(by));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(OFFSET.get());
  }

  /** Replaces the application's clock in every test. */
  public static class Producer {
    @Produces
    @Singleton
    Clock clock() {
      return new TestClock();
    }
  }
}
