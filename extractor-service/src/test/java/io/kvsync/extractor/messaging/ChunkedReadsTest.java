package io.kvsync.extractor.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.contract.ReadResume;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.extractor.testing.BrokerResource;
import io.kvsync.extractor.testing.BusProbe;
import io.kvsync.extractor.testing.Commands;
import io.kvsync.extractor.testing.EmulatorAdminClient;
import io.kvsync.extractor.testing.EmulatorResource;
import io.kvsync.extractor.testing.RecordKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads bounded to 1.5 s (against emulator latency) stop at a page boundary with PARTIAL; feeding
 * each resume back as the next command, as the scheduler does, reads exactly what one uninterrupted
 * read would, and the last chunk claims the position of the whole read.
 */
@QuarkusTest
@TestProfile(ChunkedReadsTest.ShortReads.class)
@QuarkusTestResource(BrokerResource.class)
@QuarkusTestResource(EmulatorResource.class)
class ChunkedReadsTest {

  /** Reads stop after 1.5 s. */
  public static final class ShortReads implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("kvsync.extraction.max-read-duration", "1500ms");
    }
  }

  private static final String DEMO_KEY = "pk_emulator_demo_key_0001";
  private static final Duration WAIT = Duration.ofMinutes(2);

  /** Past every date the emulator writes: the read's highest value is never capped. */
  private static final Instant FAR_FUTURE_START = Instant.parse("2100-01-01T00:00:00Z");

  private BusProbe bus;
  private EmulatorAdminClient emulator;

  @BeforeEach
  void open() throws Exception {
    bus = new BusProbe();
    emulator = EmulatorAdminClient.ofTestEmulator();
  }

  @AfterEach
  void close() throws Exception {
    emulator.clearFaults();
    bus.close();
  }

  @Test
  void aProfileFirstLoadReadInChunksIsExactlyOneUninterruptedRead() throws Exception {
    emulator.addFault(latency("get_profiles", 200));
    SyncCommand slice = Commands.firstLoad("profile_v2", DEMO_KEY);

    List<SliceExtracted> chunks = readInChunks(slice, resume -> false);
    assertChunked(chunks);

    // Profiles arrive sorted by `updated`: each chunk checkpoints the last value it read.
    List<ObjectNode> readSoFar = new ArrayList<>();
    for (SliceExtracted chunk : chunks.subList(0, chunks.size() - 1)) {
      readSoFar.addAll(records(chunk));
      Instant highest =
          readSoFar.stream().map(r -> instant(r, "updated")).max(Instant::compareTo).get();
      assertEquals(capped(highest, slice), chunk.cursorEnd(), "checkpoint of a chunk");
    }
    List<JsonNode> truth = emulator.truth("profile_v2");
    assertExactly(truth, allRecords(chunks), List.of("id"));
    Instant highest =
        truth.stream()
            .map(row -> instant(row.path("updated").asText()))
            .max(Instant::compareTo)
            .get();
    assertEquals(capped(highest, slice), last(chunks).cursorEnd(), "an uninterrupted read's end");
  }

  @Test
  void membershipsReadInChunksAcrossListsAreExactlyOneUninterruptedRead() throws Exception {
    emulator.addFault(latency("get_profiles_for_list", 60));
    SyncCommand slice =
        Commands.startedAt(Commands.firstLoad("profile_list_v2", DEMO_KEY), FAR_FUTURE_START);

    List<SliceExtracted> chunks = readInChunks(slice, resume -> false);
    assertChunked(chunks);
    for (SliceExtracted chunk : chunks.subList(0, chunks.size() - 1)) {
      assertNull(chunk.cursorEnd(), "many listings prove no order: no checkpoint before the end");
      assertTrue(chunk.resume().parentId() != null && chunk.resume().parentsDigest() != null);
    }
    assertTrue(
        chunks.stream().anyMatch(c -> c.resume() != null && c.resume().nextUrl() != null),
        "some chunk stopped inside a list");
    List<JsonNode> truth = emulator.truth("profile_list_v2");
    assertExactly(truth, allRecords(chunks), ObjectCatalogue.get("profile_list_v2").primaryKey());
    // The highest join may lie in any list, read by any chunk: the last one still claims it.
    Instant highest =
        truth.stream()
            .map(row -> instant(row.path("joined_group_at").asText()))
            .max(Instant::compareTo)
            .get();
    assertEquals(highest, last(chunks).cursorEnd());
  }

  @Test
  void aResumeWhoseParentsChangedReadsFromTheFirstListingAgain() throws Exception {
    emulator.addFault(latency("get_profiles_for_segment", 100));
    SyncCommand slice = Commands.firstLoad("profile_segment_v2", DEMO_KEY);
    List<SliceExtracted> before = readInChunks(slice, resume -> resume.listing() >= 1);
    SliceExtracted changedAt = last(before);
    assertEquals(SliceStatus.PARTIAL, changedAt.status(), "the read was cut past segment 1");

    // The segment the read stopped in (or after) is deleted: its index now holds another one.
    emulator.change("DELETE", "/admin/segments/" + changedAt.resume().parentId(), "");
    List<SliceExtracted> after =
        continueInChunks(slice, changedAt.resume(), resume -> false, before.size());

    List<String> key = ObjectCatalogue.get("profile_segment_v2").primaryKey();
    // Everything is read again after the change, the segments before the resume included.
    assertExactly(emulator.truth("profile_segment_v2"), allRecords(after), key);
  }

  // ---- reading in chunks, as the scheduler drives it -------------------------------------------

  /** Sends the slice, then each resume as the next command, until it ends or {@code pause} says. */
  private List<SliceExtracted> readInChunks(SyncCommand slice, Predicate<ReadResume> pause)
      throws Exception {
    bus.send(slice);
    return chunksUntil(slice, pause, 0);
  }

  private List<SliceExtracted> continueInChunks(
      SyncCommand slice, ReadResume from, Predicate<ReadResume> pause, int chunksSoFar)
      throws Exception {
    bus.send(Commands.resumed(slice, from));
    return chunksUntil(slice, pause, chunksSoFar);
  }

  private List<SliceExtracted> chunksUntil(
      SyncCommand slice, Predicate<ReadResume> pause, int chunksSoFar) throws Exception {
    List<SliceExtracted> chunks = new ArrayList<>();
    while (true) {
      SliceExtracted chunk =
          bus.awaitOutcomes(slice.commandId(), chunksSoFar + chunks.size() + 1, WAIT)
              .get(chunksSoFar + chunks.size());
      chunks.add(chunk);
      if (chunk.status() != SliceStatus.PARTIAL || pause.test(chunk.resume())) {
        return chunks;
      }
      assertTrue(chunks.size() < 40, "every chunk advances");
      bus.send(Commands.resumed(slice, chunk.resume()));
    }
  }

  /** Several chunks, the last one COMPLETED; each a read of its own, its batches all confirmed. */
  private void assertChunked(List<SliceExtracted> chunks) {
    assertTrue(chunks.size() >= 2, "the read was cut in chunks: " + chunks);
    assertEquals(SliceStatus.COMPLETED, last(chunks).status(), last(chunks).error());
    Set<Object> readIds = new HashSet<>();
    for (SliceExtracted chunk : chunks) {
      assertTrue(readIds.add(chunk.readId()), "one read per chunk");
      List<RecordBatch> batches = bus.batchesOfRead(chunk.readId());
      assertEquals(chunk.batches(), batches.size(), "every batch counted was published");
      assertEquals(
          IntStream.range(0, batches.size()).boxed().toList(),
          batches.stream().map(RecordBatch::seq).sorted().toList());
      if (chunk != last(chunks)) {
        assertEquals(SliceStatus.PARTIAL, chunk.status(), chunk.error());
        assertTrue(chunk.batches() > 0, "a chunk reads at least a page");
        assertNotEquals(null, chunk.resume());
      }
    }
  }

  private void assertExactly(List<JsonNode> truth, List<ObjectNode> read, List<String> key) {
    Set<String> expected = new TreeSet<>();
    truth.forEach(row -> expected.add(RecordKeys.ofTruth(row, key)));
    List<String> keys = read.stream().map(record -> RecordKeys.of(record, key)).toList();
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(keys);
    Set<String> extra = new TreeSet<>(keys);
    extra.removeAll(expected);
    assertTrue(missing.isEmpty(), "gaps: " + missing.size() + " " + first(missing));
    assertTrue(extra.isEmpty(), "extra: " + extra.size() + " " + first(extra));
    assertEquals(expected.size(), keys.size(), "no record read twice");
  }

  private List<ObjectNode> allRecords(List<SliceExtracted> chunks) {
    return chunks.stream().flatMap(chunk -> records(chunk).stream()).toList();
  }

  private List<ObjectNode> records(SliceExtracted chunk) {
    return bus.batchesOfRead(chunk.readId()).stream()
        .sorted(Comparator.comparingInt(RecordBatch::seq))
        .flatMap(batch -> batch.records().stream())
        .toList();
  }

  private static Instant capped(Instant value, SyncCommand slice) {
    return value.isAfter(slice.syncStartedAt()) ? slice.syncStartedAt() : value;
  }

  private static String latency(String endpoint, int millis) {
    return "{\"endpoint\":\"" + endpoint + "\",\"kind\":\"LATENCY\",\"latency_ms\":" + millis + "}";
  }

  private static SliceExtracted last(List<SliceExtracted> chunks) {
    return chunks.get(chunks.size() - 1);
  }

  private static Instant instant(ObjectNode record, String attribute) {
    return instant(record.path("attributes").path(attribute).asText());
  }

  private static Instant instant(String text) {
    return OffsetDateTime.parse(text).toInstant();
  }

  private static String first(Set<String> keys) {
    return keys.stream().limit(3).toList().toString();
  }
}
