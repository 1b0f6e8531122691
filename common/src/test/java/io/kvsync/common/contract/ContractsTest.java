package io.kvsync.common.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.bus.CancelledJobs;
import io.kvsync.common.catalogue.RateTier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContractsTest {

  private static final Instant T0 = Instant.parse("2026-07-01T10:15:30Z");
  private static final Instant T1 = Instant.parse("2026-07-08T10:15:30.123Z");

  static SyncCommand command() {
    return new SyncCommand(
        SyncCommand.SCHEMA_VERSION,
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        "event_v2",
        SyncKind.HISTORICAL,
        2,
        new CursorWindow("datetime", T0, T1),
        List.of("L1", "L2"),
        "sealed-key",
        "sealed-destination",
        0.25,
        T1,
        600,
        resume());
  }

  static ReadResume resume() {
    return new ReadResume(
        3, "L2", "digest", "https://a.klaviyo.com/api/x?page%5Bcursor%5D=c", T0, T1, true);
  }

  static RecordBatch batch() {
    ObjectNode record = WireFormat.mapper().createObjectNode();
    record.put("type", "metric").put("id", "M1").putObject("attributes").put("name", "Placed 🛒");
    return new RecordBatch(
        RecordBatch.SCHEMA_VERSION,
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        "metric_v2",
        1,
        UUID.randomUUID(),
        3,
        T0,
        T1,
        "sealed-destination",
        List.of(record));
  }

  static SliceExtracted sliceExtracted() {
    return new SliceExtracted(
        SliceExtracted.SCHEMA_VERSION,
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        "event_v2",
        1,
        UUID.randomUUID(),
        SliceStatus.PARTIAL,
        7,
        1400,
        T1,
        null,
        resume());
  }

  static BatchLoaded batchLoaded() {
    return new BatchLoaded(
        BatchLoaded.SCHEMA_VERSION,
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        "profile_v2",
        1,
        UUID.randomUUID(),
        4,
        199,
        0,
        List.of(RecordFailure.of("P9", "record exceeds 128 MB", "{\"id\":\"P9\"}")),
        List.of("ADD COLUMN \"profile_v2\".\"plan\" text"),
        T1,
        null,
        null,
        T0);
  }

  static SliceHeartbeat heartbeat() {
    return new SliceHeartbeat(
        SliceHeartbeat.SCHEMA_VERSION,
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        "profile_v2",
        2,
        UUID.randomUUID(),
        12,
        1200,
        T1);
  }

  static RunCancelled runCancelled() {
    return new RunCancelled(RunCancelled.SCHEMA_VERSION, UUID.randomUUID(), UUID.randomUUID(), T1);
  }

  static DeletionSweep deletionSweep() {
    return new DeletionSweep(
        DeletionSweep.SCHEMA_VERSION,
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        "campaign_v2",
        "sealed-destination",
        T0,
        List.of("C1", "C2"));
  }

  private static <T> void assertRoundTrip(T message) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) message.getClass();
    assertEquals(message, WireFormat.decode(WireFormat.encode(message), type));
  }

  /** Adds a field a newer producer might send, at the top level and inside. */
  private static byte[] withUnknownFields(Object message) {
    ObjectNode tree = WireFormat.mapper().valueToTree(message);
    tree.put("addedInVersion2", "ignored");
    tree.putObject("nestedNewThing").put("x", 1);
    return tree.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void syncCommandSurvivesTheWire() {
    assertRoundTrip(command());
  }

  @Test
  void syncCommandToleratesUnknownFields() {
    SyncCommand command = command();
    assertEquals(command, WireFormat.decode(withUnknownFields(command), SyncCommand.class));
  }

  @Test
  void recordBatchSurvivesTheWire() {
    assertRoundTrip(batch());
  }

  @Test
  void recordBatchKeepsNumbersExact() throws Exception {
    String record =
        "{\"id\":\"E1\",\"attributes\":{\"value\":12345678901234567890.10,"
            + "\"count\":98765432109876543210987,\"rate\":0.1}}";
    RecordBatch batch = batch();
    ObjectNode tree = WireFormat.mapper().valueToTree(batch);
    tree.putArray("records").add(WireFormat.mapper().readTree(record));
    RecordBatch decoded =
        WireFormat.decode(tree.toString().getBytes(StandardCharsets.UTF_8), RecordBatch.class);
    assertEquals(record, decoded.records().get(0).toString());
    assertEquals(
        record,
        WireFormat.mapper().readTree(WireFormat.encode(decoded)).get("records").get(0).toString());
  }

  @Test
  void recordBatchToleratesUnknownFields() {
    RecordBatch batch = batch();
    assertEquals(batch, WireFormat.decode(withUnknownFields(batch), RecordBatch.class));
  }

  @Test
  void sliceExtractedSurvivesTheWire() {
    assertRoundTrip(sliceExtracted());
  }

  @Test
  void sliceExtractedToleratesUnknownFields() {
    SliceExtracted slice = sliceExtracted();
    assertEquals(slice, WireFormat.decode(withUnknownFields(slice), SliceExtracted.class));
  }

  @Test
  void batchLoadedSurvivesTheWire() {
    assertRoundTrip(batchLoaded());
  }

  @Test
  void batchLoadedToleratesUnknownFields() {
    BatchLoaded loaded = batchLoaded();
    assertEquals(loaded, WireFormat.decode(withUnknownFields(loaded), BatchLoaded.class));
  }

  @Test
  void deletionSweepSurvivesTheWire() {
    assertRoundTrip(deletionSweep());
  }

  @Test
  void deletionSweepToleratesUnknownFields() {
    DeletionSweep sweep = deletionSweep();
    assertEquals(sweep, WireFormat.decode(withUnknownFields(sweep), DeletionSweep.class));
  }

  @Test
  void messagesWithoutTheLaterFieldsStillDecode() {
    DeletionSweep sweep = deletionSweep();
    ObjectNode oldSweep = WireFormat.mapper().valueToTree(sweep);
    oldSweep.remove("keptIds");
    assertEquals(
        List.of(),
        WireFormat.decode(oldSweep.toString().getBytes(StandardCharsets.UTF_8), DeletionSweep.class)
            .keptIds());
    ObjectNode oldReport = WireFormat.mapper().valueToTree(batchLoaded());
    oldReport.remove("extractedAt");
    assertNull(
        WireFormat.decode(oldReport.toString().getBytes(StandardCharsets.UTF_8), BatchLoaded.class)
            .extractedAt());
  }

  @Test
  void sliceHeartbeatSurvivesTheWireAndToleratesUnknownFields() {
    SliceHeartbeat heartbeat = heartbeat();
    assertRoundTrip(heartbeat);
    assertEquals(heartbeat, WireFormat.decode(withUnknownFields(heartbeat), SliceHeartbeat.class));
  }

  @Test
  void runCancelledSurvivesTheWireAndToleratesUnknownFields() {
    RunCancelled cancelled = runCancelled();
    assertRoundTrip(cancelled);
    assertEquals(cancelled, WireFormat.decode(withUnknownFields(cancelled), RunCancelled.class));
  }

  @Test
  void aRefusalCarriesTheBatchItNamesAndTheKindOfRefusal() {
    RecordBatch batch = batch();
    BatchLoaded refused =
        BatchLoaded.refused(
            batch.ref(), "permission denied for schema klaviyo", Refusal.PERMANENT, T1);
    assertRoundTrip(refused);
    assertEquals(batch.ref().readId(), refused.readId());
    assertEquals(batch.seq(), refused.seq());
    org.junit.jupiter.api.Assertions.assertTrue(refused.isRefusal());
    assertEquals(Refusal.PERMANENT, refused.refusal());
    org.junit.jupiter.api.Assertions.assertFalse(
        BatchLoaded.loaded(batch.ref(), 1, List.of(), List.of(), T1).isRefusal());
  }

  @Test
  void aBatchReferenceTravelsAsHeadersWhateverTypeTheirValuesArriveAs() {
    BatchRef ref = batch().ref();
    java.util.Map<String, Object> headers = new java.util.HashMap<>(BatchHeaders.of(ref));
    // The broker client hands header strings over as its own CharSequence type.
    headers.replaceAll((name, value) -> new StringBuilder(value.toString()));
    assertEquals(java.util.Optional.of(ref), BatchHeaders.read(headers));
    headers.remove("kvsync-seq");
    assertEquals(java.util.Optional.empty(), BatchHeaders.read(headers));
    assertEquals(java.util.Optional.empty(), BatchHeaders.read(null));
  }

  @Test
  void instantsTravelAsIsoText() {
    String json = new String(WireFormat.encode(command()), StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assertions.assertTrue(
        json.contains("\"from\":\"2026-07-01T10:15:30Z\""), json);
  }

  @Test
  void aBodyThatIsNotAMessageIsMalformed() {
    byte[] garbage = "{\"commandId\": \"not-a-uuid\"".getBytes(StandardCharsets.UTF_8);
    assertThrows(
        MalformedMessageException.class, () -> WireFormat.decode(garbage, SyncCommand.class));
  }

  @Test
  void failurePayloadsAreCapped() {
    String big = "x".repeat(RecordFailure.PAYLOAD_CAP * 2);
    assertEquals(
        RecordFailure.PAYLOAD_CAP, RecordFailure.of("id", "too big", big).payload().length());
  }

  @Test
  void rateSharesSurviveTheWireAndTolerateUnknownFields() {
    RateShares shares =
        new RateShares(
            RateShares.SCHEMA_VERSION, "ab12", Map.of(RateTier.M, 0.25, RateTier.L, 0.5), T1);
    assertRoundTrip(shares);
    assertEquals(shares, WireFormat.decode(withUnknownFields(shares), RateShares.class));
    assertEquals(Optional.of(shares), RateShares.announcedBy(WireFormat.encode(shares)));
  }

  @Test
  void aCancellationOnTheControlChannelAnnouncesNoShares() {
    assertEquals(Optional.empty(), RateShares.announcedBy(WireFormat.encode(runCancelled())));
    assertEquals(
        Optional.empty(),
        CancelledJobs.cancelledBy(
            WireFormat.encode(
                new RateShares(RateShares.SCHEMA_VERSION, "ab12", Map.of(RateTier.S, 1.0), T1))));
  }

  @Test
  void sharesOutsideZeroToOneAreNotApplied() {
    byte[] zero =
        WireFormat.encode(
            new RateShares(RateShares.SCHEMA_VERSION, "ab12", Map.of(RateTier.S, 0.0), T1));
    byte[] garbled = "{\"shares\": [".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(Optional.empty(), RateShares.announcedBy(zero));
    assertEquals(Optional.empty(), RateShares.announcedBy(garbled));
  }
}
