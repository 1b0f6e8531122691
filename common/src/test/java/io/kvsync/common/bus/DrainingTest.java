package io.kvsync.common.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DrainingTest {

  @Test
  void stoppingWaitsForTheMessagesBeingHandled() {
    Draining draining = new Draining(Duration.ofSeconds(5));
    AtomicBoolean settled = new AtomicBoolean();
    draining
        .handle(
            () ->
                Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(Duration.ofMillis(300))
                    .invoke(() -> settled.set(true)))
        .subscribe()
        .with(nothing -> {});

    long started = System.nanoTime();
    assertEquals(0, draining.drain());
    assertTrue(settled.get(), "the message was settled before the loader stopped");
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5000);
  }

  @Test
  void aMessageArrivingWhileStoppingIsNotStarted() {
    Draining draining = new Draining(Duration.ofSeconds(1));
    draining.drain();
    AtomicBoolean started = new AtomicBoolean();
    AtomicBoolean completed = new AtomicBoolean();
    draining
        .handle(
            () -> {
              started.set(true);
              return Uni.createFrom().voidItem();
            })
        .subscribe()
        .with(nothing -> completed.set(true));
    assertFalse(started.get());
    assertFalse(completed.get(), "held unsettled until the connection closes");
  }

  @Test
  void stoppingGivesUpWaitingAfterTheDrainTimeout() {
    Draining draining = new Draining(Duration.ofMillis(300));
    draining.handle(() -> Uni.createFrom().nothing()).subscribe().with(nothing -> {});
    long started = System.nanoTime();
    assertEquals(1, draining.drain(), "one message still being handled");
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 250);
  }

  @Test
  void aFailedHandlingNeverFailsTheChannel() {
    Draining draining = new Draining(Duration.ofSeconds(1));
    AtomicBoolean completed = new AtomicBoolean();
    draining
        .handle(() -> Uni.createFrom().failure(new IllegalStateException("cannot settle")))
        .subscribe()
        .with(nothing -> completed.set(true), failure -> {});
    assertTrue(completed.get());
    assertEquals(0, draining.drain());
  }
}
