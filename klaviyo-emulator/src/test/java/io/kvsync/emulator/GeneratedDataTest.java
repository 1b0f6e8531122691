package io.kvsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.emulator.admin.GroundTruth;
import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.data.Profile;
import io.kvsync.emulator.data.Scale;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated account: deterministic per seed, and deliberately awkward. */
class GeneratedDataTest {

  private static final Scale SCALE = new Scale(40, 400, 5_000, 20, 4, 3, 4, 12);
  private static final Instant ANCHOR = EmulatorConfig.DEFAULT_ANCHOR;

  private static List<Map<String, Object>> truth(Dataset data, String table) {
    List<Map<String, Object>> rows = new ArrayList<>();
    GroundTruth.of(table).rows(data).forEachRemaining(rows::add);
    return rows;
  }

  @Test
  void sameSeedGivesTheSameRowsInEveryTable() {
    Dataset a = new Dataset(9, SCALE, ANCHOR);
    Dataset b = new Dataset(9, SCALE, ANCHOR);
    for (String table : GroundTruth.tables()) {
      assertEquals(truth(a, table), truth(b, table), table);
    }
    assertEquals(a.profiles().sortedById(), b.profiles().sortedById());
  }

  @Test
  void anotherSeedGivesOtherData() {
    assertNotEquals(
        truth(new Dataset(9, SCALE, ANCHOR), "profile_v2"),
        truth(new Dataset(10, SCALE, ANCHOR), "profile_v2"));
  }

  @Test
  void propertyKeysAreAwkward() {
    Profile profile = new Dataset(1, SCALE, ANCHOR).profiles().sortedById().get(0);
    List<String> keys = new ArrayList<>(profile.properties().keySet());

    assertTrue(keys.stream().anyMatch(k -> k.contains(" ")), "spaces");
    assertTrue(keys.stream().anyMatch(k -> k.contains(".")), "dots");
    assertTrue(keys.stream().anyMatch(k -> k.contains("'") || k.contains("\"")), "quotes");
    assertTrue(keys.stream().anyMatch(k -> k.matches(".*[éè].*")), "accents");
    assertTrue(keys.stream().anyMatch(k -> Character.isDigit(k.charAt(0))), "leading digit");
    assertTrue(keys.stream().anyMatch(k -> k.length() > 80), "longer than 80");
  }

  @Test
  void onePropertyChangesTypeBetweenProfiles() {
    Map<Class<?>, Integer> types = new HashMap<>();
    new Dataset(1, SCALE, ANCHOR)
        .profiles()
        .rows()
        .forEach(
            p -> types.merge(p.properties().get("Loyalty Points").getClass(), 1, Integer::sum));

    assertEquals(2, types.size(), types.toString());
  }

  @Test
  void someRecordsLieInTheFutureAndSomeValuesAreNull() {
    Dataset data = new Dataset(1, SCALE, ANCHOR);

    assertTrue(
        data.profiles().rows().stream()
            .anyMatch(p -> p.updated().isAfter(ANCHOR.plusSeconds(365L * 86_400))));
    assertTrue(data.profiles().rows().stream().anyMatch(p -> p.email() == null));
    assertTrue(
        data.profiles().rows().stream()
            .anyMatch(
                p -> p.firstName() != null && p.firstName().codePoints().anyMatch(c -> c > 0xFFFF)),
        "emoji");
    Iterator<io.kvsync.emulator.data.Event> events = data.events().all();
    Instant last = null;
    while (events.hasNext()) {
      last = events.next().datetime();
    }
    assertTrue(last.isAfter(ANCHOR));
  }

  @Test
  void flowsAndCampaignsCoverEveryKind() {
    Dataset data = new Dataset(1, SCALE, ANCHOR);

    assertTrue(data.flows().rows().stream().anyMatch(f -> f.archived()));
    assertTrue(data.flows().rows().stream().anyMatch(f -> !f.archived()));
    assertTrue(data.flowActions().rows().stream().map(a -> a.actionType()).distinct().count() >= 4);
    assertEquals(3, data.campaigns().rows().stream().map(c -> c.channel()).distinct().count());
    assertTrue(data.campaigns().rows().stream().anyMatch(c -> c.archived()));
    assertTrue(
        data.campaigns().rows().stream().anyMatch(c -> !data.estimations().containsKey(c.id())),
        "a campaign without estimation");
    assertTrue(data.campaigns().rows().stream().anyMatch(c -> !c.utmParams().isEmpty()));
    assertTrue(data.campaignMessages().rows().stream().anyMatch(m -> m.sendTimes().size() > 1));
  }

  @Test
  void millionsOfEventsCostNoMemoryUpFront() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long before = runtime.totalMemory() - runtime.freeMemory();

    Dataset data = new Dataset(1, SCALE.withEvents(5_000_000), ANCHOR);

    System.gc();
    long after = runtime.totalMemory() - runtime.freeMemory();
    assertEquals(5_000_000, data.events().generatedCount());
    assertTrue(
        after - before < 64L * 1024 * 1024, "grew by " + (after - before) / 1024 / 1024 + " MB");
  }
}
