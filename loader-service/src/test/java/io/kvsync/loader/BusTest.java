package io.kvsync.loader;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.RecordBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  /** Loads one metric of these attributes, extracted at {@code extractedAt}; returns the report. */
  BatchLoaded loadMetric(Instant extractedAt, String id, String attributes) throws Exception {
    RecordBatch batch =
        Batches.batch(
            "metric_v2",
            destination.sealed(),
            extractedAt,
            List.of(Batches.resource("metric", id, attributes)));
    bus.publish("load", batch);
    return bus.awaitLoaded(batch.batchId(), WAIT);
  }
}
