package io.kvsync.loader;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the integration tests: a test bus and a fresh destination schema per test. */
abstract class BusTest {

  static final Duration WAIT = Duration.ofSeconds(30);

  TestBus bus;
  final TestDestination destination = new TestDestination();

  @BeforeEach
  void connectBus() throws Exception {
    bus = new TestBus();
  }

  @AfterEach
  void closeBus() throws Exception {
    bus.close();
  }
}
