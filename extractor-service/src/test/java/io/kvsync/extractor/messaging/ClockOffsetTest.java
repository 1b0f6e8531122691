package io.kvsync.extractor.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.extractor.testing.BrokerResource;
import io.kvsync.extractor.testing.BusProbe;
import io.kvsync.extractor.testing.Commands;
import io.kvsync.extractor.testing.EmulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test-only clock offset dates what the extractor reads as a machine whose clock runs ahead.
 */
@QuarkusTest
@TestProfile(ClockOffsetTest.TenMinutesAhead.class)
@QuarkusTestResource(BrokerResource.class)
@QuarkusTestResource(EmulatorResource.class)
class ClockOffsetTest {

  private static final Duration OFFSET = Duration.ofMinutes(10);

  /** The extractor's clock runs 10 minutes ahead. */
  public static final class TenMinutesAhead implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("kvsync.testing.clock-offset", OFFSET.toString());
    }
  }

  private BusProbe bus;

  @BeforeEach
  void openProbe() throws Exception {
    bus = new BusProbe();
  }

  @AfterEach
  void closeProbe() throws Exception {
    bus.close();
  }

  @Test
  void batchesAreDatedByTheShiftedClock() throws Exception {
    Instant before = Instant.now();
    SyncCommand command = Commands.full("metric_v2", "pk_emulator_demo_key_0001");
    bus.send(command);
    SliceExtracted outcome = bus.awaitOutcome(command.commandId(), Duration.ofSeconds(60));
    Instant after = Instant.now();
    assertEquals(SliceStatus.COMPLETED, outcome.status(), outcome.error());

    List<RecordBatch> batches = bus.batchesOf(command.commandId());
    assertFalse(batches.isEmpty());
    for (RecordBatch batch : batches) {
      assertTrue(
          !batch.extractedAt().isBefore(before.plus(OFFSET))
              && !batch.extractedAt().isAfter(after.plus(OFFSET)),
          batch.extractedAt()
              + " lies 10 minutes ahead of the read, between "
              + before
              + " and "
              + after);
    }
  }
}
