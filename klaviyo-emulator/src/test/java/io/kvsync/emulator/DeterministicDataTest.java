package io.kvsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.data.Metric;
import io.kvsync.emulator.data.Scale;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterministicDataTest {

  private static final Scale SMALL =
      Scale.DEFAULT.withMetrics(250).withProfiles(50).withEvents(100);

  private static List<Metric> metrics(long seed) {
    return new Dataset(seed, SMALL, EmulatorConfig.DEFAULT_ANCHOR).metrics().sortedById();
  }

  @Test
  void sameSeedGivesTheSameMetrics() {
    assertEquals(metrics(7), metrics(7));
  }

  @Test
  void anotherSeedGivesOtherIds() {
    assertNotEquals(metrics(7).get(0).id(), metrics(8).get(0).id());
  }

  @Test
  void metricIdsAreUniqueAtScale() {
    List<Metric> metrics = metrics(3);
    assertEquals(250, metrics.stream().map(Metric::id).distinct().count());
  }
}
