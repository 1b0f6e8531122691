package io.kvsync.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.DeletionSweep;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.testing.ExternalServicesResource;
import io.kvsync.loader.load.BatchLoader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = ExternalServicesResource.class,
    initArgs = @ResourceArg(name = "database", value = TestDestination.DATABASE))
class OrderingAndDeletionTest extends BusTest {

  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  @Inject BatchLoader loader;

  private RecordBatch versions(int version, String... ids) {
    List<com.fasterxml.jackson.databind.node.ObjectNode> records = new ArrayList<>();
    for (String id : ids) {
      records.add(Batches.resource("metric", id, "{\"name\":\"v" + version + "\"}"));
    }
    return Batches.batch("metric_v2", destination.sealed(), T0.plusSeconds(version), records);
  }

  /** The same records read by another job: a run of its own. */
  private static RecordBatch inJob(RecordBatch batch, UUID jobId) {
    return new RecordBatch(
        batch.schemaVersion(),
        batch.batchId(),
        batch.commandId(),
        jobId,
        batch.pipelineId(),
        batch.object(),
        batch.attempt(),
        batch.readId(),
        batch.seq(),
        batch.extractedAt(),
        batch.cursorHigh(),
        batch.destination(),
        batch.records());
  }

  private DeletionSweep sweepOf(RecordBatch run, String... keptIds) {
    return new DeletionSweep(
        DeletionSweep.SCHEMA_VERSION,
        UUID.randomUUID(),
        run.jobId(),
        run.pipelineId(),
        "metric_v2",
        destination.sealed(),
        // The scheduler's clock: far behind every row, it would mark nothing if clocks counted.
        T0.minusSeconds(3600),
        List.of(keptIds));
  }

  private Map<String, Object> names() throws Exception {
    return destination.rows("SELECT id, name FROM {schema}.metric_v2").stream()
        .collect(Collectors.toMap(r -> (String) r.get("id"), r -> r.get("name")));
  }

  @Test
  void twoLoadersReceivingVersionsOutOfOrderKeepTheNewest() throws Exception {
    String[] ids = {"A", "B", "C", "D"};
    RecordBatch first = versions(1, ids);
    loader.load(first, 0).await().atMost(WAIT);
    // Versions 2..9 loaded concurrently by two loaders, each taking them newest first.
    List<RecordBatch> even =
        List.of(versions(8, ids), versions(6, ids), versions(4, ids), versions(2, ids));
    List<RecordBatch> odd =
        List.of(versions(9, ids), versions(7, ids), versions(5, ids), versions(3, ids));
    Uni.combine()
        .all()
        .unis(sequentially(even), sequentially(odd))
        .discardItems()
        .await()
        .atMost(WAIT);

    assertEquals(Map.of("A", "v9", "B", "v9", "C", "v9", "D", "v9"), names());
    assertEquals(
        T0.plusSeconds(9),
        destination.rows("SELECT max(__ingested_at) AS m FROM {schema}.metric_v2").get(0).get("m"));
  }

  @Test
  void shuffledVersionsOverTheBusKeepTheNewest() throws Exception {
    List<RecordBatch> batches = new ArrayList<>();
    for (int version = 1; version <= 12; version++) {
      batches.add(versions(version, "X", "Y"));
    }
    Collections.shuffle(batches, new Random(42));
    for (RecordBatch batch : batches) {
      bus.publish("load", batch);
    }
    for (RecordBatch batch : batches) {
      bus.awaitLoaded(batch.batchId(), WAIT);
    }
    assertEquals(Map.of("X", "v12", "Y", "v12"), names());
  }

  @Test
  void rowsUnseenByAFullRunAreMarkedDeletedAndLiveAgainWhenSeenLater() throws Exception {
    RecordBatch firstRun = versions(1, "keep", "drop");
    bus.publish("load", firstRun);
    bus.awaitLoaded(firstRun.batchId(), WAIT);
    RecordBatch secondRun = versions(2, "keep");
    bus.publish("load", secondRun);
    bus.awaitLoaded(secondRun.batchId(), WAIT);

    DeletionSweep sweep =
        new DeletionSweep(
            DeletionSweep.SCHEMA_VERSION,
            UUID.randomUUID(),
            secondRun.jobId(),
            secondRun.pipelineId(),
            "metric_v2",
            destination.sealed(),
            secondRun.extractedAt());
    bus.publish("sweep", sweep);
    BatchLoaded swept = bus.awaitLoaded(sweep.sweepId(), WAIT);

    assertEquals(1, swept.rowsMarkedDeleted());
    assertEquals(0, swept.rowsUpserted());
    assertEquals(Map.of("keep", false, "drop", true), deleted());

    bus.publish("sweep", sweep);
    assertEquals(
        0,
        bus.awaitLoaded(sweep.sweepId(), WAIT).rowsMarkedDeleted(),
        "a sweep redelivered marks nothing more");

    RecordBatch thirdRun = versions(3, "keep", "drop");
    bus.publish("load", thirdRun);
    bus.awaitLoaded(thirdRun.batchId(), WAIT);
    assertEquals(Map.of("keep", false, "drop", false), deleted());
  }

  @Test
  void aRowSeenByARunButKeptBecauseItLooksNewerStillCountsAsSeen() throws Exception {
    // An extractor whose clock ran ahead wrote version 9; the next run reads version 2 of it.
    RecordBatch aheadRun = versions(9, "ahead", "gone");
    loader.load(aheadRun, 0).await().atMost(WAIT);
    RecordBatch nextRun = versions(2, "ahead");
    BatchLoaded loaded = loader.load(nextRun, 0).await().atMost(WAIT);
    assertEquals(1, loaded.rowsUpserted(), "the row records the run that saw it");
    assertEquals(nextRun.extractedAt(), loaded.extractedAt());
    assertEquals(Map.of("ahead", "v9", "gone", "v9"), names(), "the newer version stays");

    DeletionSweep sweep = sweepOf(nextRun);
    bus.publish("sweep", sweep);
    assertEquals(1, bus.awaitLoaded(sweep.sweepId(), WAIT).rowsMarkedDeleted());
    assertEquals(Map.of("ahead", false, "gone", true), deleted());
    assertEquals(
        T0.plusSeconds(9),
        destination
            .rows("SELECT __ingested_at AS at FROM {schema}.metric_v2 WHERE id = 'ahead'")
            .get(0)
            .get("at"),
        "the kept version keeps the time it was read");
  }

  @Test
  void aSweepKeepsTheRowsOfTheRunsFailedRecords() throws Exception {
    RecordBatch firstRun = versions(1, "loaded", "failed", "gone");
    loader.load(firstRun, 0).await().atMost(WAIT);
    // The second run read all but "gone"; "failed" did not load.
    RecordBatch secondRun = versions(2, "loaded");
    loader.load(secondRun, 0).await().atMost(WAIT);

    DeletionSweep sweep = sweepOf(secondRun, "failed");
    bus.publish("sweep", sweep);
    assertEquals(1, bus.awaitLoaded(sweep.sweepId(), WAIT).rowsMarkedDeleted());
    assertEquals(Map.of("loaded", false, "failed", false, "gone", true), deleted());
  }

  @Test
  void aStaleBatchOfAnotherJobLeavesTheNewerDataButIsSeen() throws Exception {
    UUID replayJob = UUID.randomUUID();
    RecordBatch newer = versions(5, "R");
    loader.load(newer, 0).await().atMost(WAIT);
    loader.load(inJob(versions(3, "R"), replayJob), 0).await().atMost(WAIT);
    assertEquals(Map.of("R", "v5"), names());
    assertEquals(
        replayJob,
        destination.rows("SELECT __job_id AS j FROM {schema}.metric_v2").get(0).get("j"));
  }

  @Test
  void sweepOfATableNeverLoadedMarksNothing() throws Exception {
    DeletionSweep sweep =
        new DeletionSweep(
            DeletionSweep.SCHEMA_VERSION,
            UUID.randomUUID(),
            UUID.randomUUID(),
            UUID.randomUUID(),
            "metric_v2",
            destination.sealed(),
            T0);
    bus.publish("sweep", sweep);
    assertEquals(0, bus.awaitLoaded(sweep.sweepId(), WAIT).rowsMarkedDeleted());
  }

  private Map<String, Object> deleted() throws Exception {
    return destination.rows("SELECT id, __marked_deleted FROM {schema}.metric_v2").stream()
        .collect(Collectors.toMap(r -> (String) r.get("id"), r -> r.get("__marked_deleted")));
  }

  private Uni<Void> sequentially(List<RecordBatch> batches) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (RecordBatch batch : batches) {
      chain = chain.chain(() -> loader.load(batch, 0)).replaceWithVoid();
    }
    return chain;
  }
}
