package io.kvsync.extractor.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.contract.CursorWindow;
import io.kvsync.common.contract.ReadResume;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.SyncKind;
import io.kvsync.extractor.testing.BrokerResource;
import io.kvsync.extractor.testing.BusProbe;
import io.kvsync.extractor.testing.Commands;
import io.kvsync.extractor.testing.EmulatorAdminClient;
import io.kvsync.extractor.testing.EmulatorResource;
import io.kvsync.extractor.testing.RecordKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The defences against Klaviyo's known traps, each proven against the emulator. */
@QuarkusTest
@QuarkusTestResource(BrokerResource.class)
@QuarkusTestResource(EmulatorResource.class)
class DefencesTest {

  private static final String DEMO_KEY = "pk_emulator_demo_key_0001";
  private static final Duration WAIT = Duration.ofMinutes(2);

  @ConfigProperty(name = "kvsync.klaviyo.base-url")
  String klaviyoBaseUrl;

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
    emulator.resetRateLimits();
    bus.close();
  }

  /** A command of the demo account for a window of {@code object}, with ten minutes to read. */
  private static SyncCommand windowed(String object, SyncKind kind, CursorWindow window) {
    return Commands.command(object, kind, window, null, DEMO_KEY, 1.0, 600);
  }

  /** Sends the command and insists that its slice completes. */
  private SliceExtracted completes(SyncCommand command) throws Exception {
    bus.send(command);
    SliceExtracted outcome = bus.awaitOutcome(command.commandId(), WAIT);
    assertEquals(SliceStatus.COMPLETED, outcome.status(), outcome.error());
    return outcome;
  }

  @Test
  void recordsSharingOneTimestampAcrossAPageBoundaryAllArrive() throws Exception {
    // The emulator gives a run of profiles one `updated` second, wider than a page boundary.
    Map<String, List<String>> idsByUpdated = new HashMap<>();
    for (JsonNode row : emulator.truth("profile_v2")) {
      idsByUpdated
          .computeIfAbsent(instant(row.path("updated").asText()).toString(), k -> new ArrayList<>())
          .add(row.path("id").asText());
    }
    Map.Entry<String, List<String>> shared =
        idsByUpdated.entrySet().stream()
            .max((a, b) -> Integer.compare(a.getValue().size(), b.getValue().size()))
            .orElseThrow();
    assertTrue(shared.getValue().size() >= 20, "a run of shared timestamps: " + shared);
    Instant boundary = Instant.parse(shared.getKey());

    // profiles allow only greater-than on `updated`: the window starts exactly on the shared
    // second.
    SyncCommand command =
        windowed("profile_v2", SyncKind.INCREMENTAL, new CursorWindow("updated", boundary, null));
    completes(command);

    Set<String> received = ids(bus.batchesOf(command.commandId()));
    Set<String> missing = new TreeSet<>(shared.getValue());
    missing.removeAll(received);
    assertTrue(missing.isEmpty(), "profiles sharing " + boundary + " lost: " + missing);
  }

  @Test
  void aSliceResumedFromItsCheckpointLosesNothingAtTheBoundaryTimestamp() throws Exception {
    Instant from = Instant.parse("2026-04-01T00:00:00Z");
    Instant to = Instant.parse("2026-05-01T00:00:00Z");
    SyncCommand first =
        Commands.command(
            "event_v2",
            SyncKind.HISTORICAL,
            new CursorWindow("datetime", from, to),
            null,
            DEMO_KEY,
            1.0,
            1);
    bus.send(first);
    // Klaviyo starts refusing part-way through: the slice defers and keeps how far it got.
    awaitBatches(first, 3);
    emulator.addFault("{\"endpoint\":\"get_events\",\"kind\":\"THROTTLE\",\"rate\":1.0}");
    SliceExtracted deferred = bus.awaitOutcome(first.commandId(), WAIT);
    assertEquals(SliceStatus.DEFERRED, deferred.status(), deferred.error());
    assertNotNull(deferred.cursorEnd());
    assertTrue(deferred.cursorEnd().isAfter(from), "the checkpoint moved: " + deferred.cursorEnd());
    assertTrue(deferred.cursorEnd().isBefore(to));
    emulator.clearFaults();
    emulator.resetRateLimits();

    SyncCommand resumed =
        windowed(
            "event_v2",
            SyncKind.HISTORICAL,
            new CursorWindow("datetime", deferred.cursorEnd(), to));
    SliceExtracted completed = completes(resumed);
    assertEquals(to, completed.cursorEnd());

    Set<String> expected = new TreeSet<>();
    for (JsonNode row : emulator.truth("event_v2")) {
      Instant at = instant(row.path("datetime").asText());
      if (!at.isBefore(from) && at.isBefore(to)) {
        expected.add(row.path("id").asText());
      }
    }
    List<RecordBatch> all = new ArrayList<>(bus.batchesOf(first.commandId()));
    all.addAll(bus.batchesOf(resumed.commandId()));
    assertEquals(deferred.batches(), bus.batchesOf(first.commandId()).size());
    assertEquals(expected, new TreeSet<>(ids(all)));
    boolean boundaryReRead =
        bus.batchesOf(resumed.commandId()).stream()
            .flatMap(b -> b.records().stream())
            .anyMatch(
                r ->
                    instant(r.path("attributes").path("datetime").asText())
                        .equals(deferred.cursorEnd()));
    assertTrue(boundaryReRead, "the resumed slice re-reads the checkpoint's own second");
  }

  @Test
  void aFutureTimestampNeverMovesTheCursorPastTheSyncStart() throws Exception {
    Instant syncStart = Instant.now();
    SyncCommand command =
        windowed(
            "list_v2",
            SyncKind.INCREMENTAL,
            new CursorWindow("updated", Instant.parse("2020-01-01T00:00:00Z"), syncStart));
    SliceExtracted outcome = completes(command);
    boolean sawFuture =
        bus.batchesOf(command.commandId()).stream()
            .flatMap(b -> b.records().stream())
            .anyMatch(
                r -> instant(r.path("attributes").path("updated").asText()).isAfter(syncStart));
    assertTrue(sawFuture, "the emulator dates some lists years ahead");
    assertNotNull(outcome.cursorEnd());
    assertTrue(
        !outcome.cursorEnd().isAfter(command.syncStartedAt()),
        "cursor " + outcome.cursorEnd() + " is past the sync start " + command.syncStartedAt());
  }

  @Test
  void campaignsOfEveryChannelAndBothArchivedStatesArriveFromUnsortedPages() throws Exception {
    SyncCommand command = Commands.full("campaign_v2", DEMO_KEY);
    completes(command);

    Map<String, String> expected = new HashMap<>();
    Set<String> archivedStates = new HashSet<>();
    for (JsonNode row : emulator.truth("campaign_v2")) {
      expected.put(row.path("id").asText(), row.path("channel").asText());
      archivedStates.add(row.path("archived").asText());
    }
    Map<String, String> received = new HashMap<>();
    for (RecordBatch batch : bus.batchesOf(command.commandId())) {
      if (batch.object().equals("campaign_v2")) {
        for (ObjectNode record : batch.records()) {
          received.put(
              record.path("id").asText(), record.path("attributes").path("channel").asText());
        }
      }
    }
    assertEquals(Set.of("email", "sms", "mobile_push"), new HashSet<>(expected.values()));
    assertEquals(Set.of("true", "false"), archivedStates);
    assertEquals(expected, received);
  }

  @Test
  void a429StormAndFivePercentServerErrorsStillEndInACompleteLoad() throws Exception {
    emulator.addFault(
        "{\"endpoint\":\"get_events\",\"kind\":\"THROTTLE\",\"rate\":0.3,\"times\":6}");
    emulator.addFault(
        "{\"endpoint\":\"get_events\",\"kind\":\"SERVER_ERROR\",\"rate\":0.05,\"status\":503}");
    emulator.addFault("{\"endpoint\":\"get_events\",\"kind\":\"DROP_CONNECTION\",\"rate\":0.02}");
    Instant from = Instant.parse("2026-05-01T00:00:00Z");
    Instant to = Instant.parse("2026-05-21T00:00:00Z");
    SyncCommand command =
        windowed("event_v2", SyncKind.HISTORICAL, new CursorWindow("datetime", from, to));
    completes(command);

    Set<String> expected = new TreeSet<>();
    for (JsonNode row : emulator.truth("event_v2")) {
      Instant at = instant(row.path("datetime").asText());
      if (!at.isBefore(from) && at.isBefore(to)) {
        expected.add(row.path("id").asText());
      }
    }
    List<String> received =
        bus.batchesOf(command.commandId()).stream()
            .flatMap(b -> b.records().stream())
            .map(r -> r.path("id").asText())
            .toList();
    assertEquals(expected, new TreeSet<>(received));
    assertEquals(expected.size(), received.size(), "no page was published twice");
  }

  @Test
  void limitsOutlastingTheTimeBudgetDeferTheSliceAtItsStart() throws Exception {
    emulator.addFault("{\"endpoint\":\"get_flows\",\"kind\":\"THROTTLE\",\"rate\":1.0}");
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    SyncCommand command =
        Commands.command(
            "flow_v2",
            SyncKind.INCREMENTAL,
            new CursorWindow("updated", from, Instant.now()),
            null,
            DEMO_KEY,
            1.0,
            2);
    bus.send(command);
    SliceExtracted outcome = bus.awaitOutcome(command.commandId(), WAIT);
    assertEquals(SliceStatus.DEFERRED, outcome.status());
    assertEquals(from, outcome.cursorEnd(), "nothing read: the position stays");
    assertTrue(outcome.error().contains("time budget"), outcome.error());
  }

  @Test
  void keysMissingAScopeFailFastNamingTheScope() throws Exception {
    SyncCommand flows = Commands.full("flow_v2", "pk_emulator_lacks_flows_read");
    SyncCommand campaigns = Commands.full("campaign_v2", "pk_emulator_lacks_campaigns_read");
    bus.send(flows);
    bus.send(campaigns);
    SliceExtracted flowsOutcome = bus.awaitOutcome(flows.commandId(), WAIT);
    SliceExtracted campaignsOutcome = bus.awaitOutcome(campaigns.commandId(), WAIT);
    assertEquals(SliceStatus.FAILED, flowsOutcome.status());
    assertTrue(flowsOutcome.error().contains("flows:read"), flowsOutcome.error());
    assertEquals(SliceStatus.FAILED, campaignsOutcome.status());
    assertTrue(campaignsOutcome.error().contains("campaigns:read"), campaignsOutcome.error());
  }

  @Test
  void anIncrementalRunPicksUpAChangedProfile() throws Exception {
    JsonNode someone = emulator.truth("profile_v2").get(7);
    Instant cursor = Instant.now().minusSeconds(1);
    JsonNode changed =
        emulator.patch(
            "/admin/profiles/" + someone.path("id").asText(), "{\"first_name\":\"Renée\"}");
    SyncCommand command =
        windowed("profile_v2", SyncKind.INCREMENTAL, new CursorWindow("updated", cursor, null));
    completes(command);
    List<ObjectNode> records =
        bus.batchesOf(command.commandId()).stream().flatMap(b -> b.records().stream()).toList();
    assertTrue(
        records.stream()
            .anyMatch(
                r ->
                    r.path("id").asText().equals(changed.path("id").asText())
                        && r.path("attributes").path("first_name").asText().equals("Renée")),
        "the changed profile arrives");
    assertTrue(
        records.stream()
            .allMatch(
                r ->
                    !instant(r.path("attributes").path("updated").asText())
                        .isBefore(cursor.minusSeconds(5))),
        "only changes since the cursor (minus the overlap) are read");
  }

  @Test
  void numbersTravelWithEveryDigit() throws Exception {
    JsonNode someone = emulator.truth("profile_v2").get(9);
    Instant cursor = Instant.now().minusSeconds(1);
    emulator.patch(
        "/admin/profiles/" + someone.path("id").asText(),
        "{\"properties\":{\"amount\":12345678901234567890.12,"
            + "\"huge\":98765432109876543210987,\"price\":1.10}}");
    SyncCommand command =
        windowed("profile_v2", SyncKind.INCREMENTAL, new CursorWindow("updated", cursor, null));
    completes(command);
    JsonNode properties =
        bus.batchesOf(command.commandId()).stream()
            .flatMap(b -> b.records().stream())
            .filter(r -> r.path("id").asText().equals(someone.path("id").asText()))
            .findFirst()
            .orElseThrow()
            .path("attributes")
            .path("properties");
    assertEquals("12345678901234567890.12", properties.get("amount").toString());
    assertEquals("98765432109876543210987", properties.get("huge").toString());
    assertEquals("1.10", properties.get("price").toString());
  }

  @Test
  void anIncrementalRunPicksUpNewMembersAndLateEvents() throws Exception {
    JsonNode membership = emulator.truth("profile_list_v2").get(0);
    String listId = membership.path("list_id").asText();
    Set<String> listMembers = new HashSet<>();
    for (JsonNode row : emulator.truth("profile_list_v2")) {
      if (row.path("list_id").asText().equals(listId)) {
        listMembers.add(row.path("profile_id").asText());
      }
    }
    String newcomer =
        emulator.truth("profile_v2").stream()
            .map(row -> row.path("id").asText())
            .filter(id -> !listMembers.contains(id))
            .findFirst()
            .orElseThrow();
    JsonNode someEvent = emulator.truth("event_v2").get(3);
    Instant cursor = Instant.now().minusSeconds(1);
    emulator.change("PUT", "/admin/lists/" + listId + "/members/" + newcomer, "{}");
    // A late event: written now, dated well behind every cursor (eventually consistent store).
    Instant lateAt = Instant.parse("2026-03-15T12:00:00Z");
    JsonNode late =
        emulator.change(
            "POST",
            "/admin/events",
            "{\"metric_id\":\""
                + someEvent.path("metric_id").asText()
                + "\",\"profile_id\":\""
                + newcomer
                + "\",\"datetime\":\"2026-03-15T12:00:00Z\"}");

    SyncCommand members =
        windowed(
            "profile_list_v2",
            SyncKind.INCREMENTAL,
            new CursorWindow("joined_group_at", cursor, Instant.now().plusSeconds(1)));
    // The scheduler's lookback for events reaches behind the cursor: that is how late events land.
    SyncCommand events =
        windowed(
            "event_v2",
            SyncKind.INCREMENTAL,
            new CursorWindow("datetime", lateAt.minusSeconds(3600), lateAt.plusSeconds(3600)));
    bus.send(members);
    bus.send(events);
    assertEquals(SliceStatus.COMPLETED, bus.awaitOutcome(members.commandId(), WAIT).status());
    assertEquals(SliceStatus.COMPLETED, bus.awaitOutcome(events.commandId(), WAIT).status());

    List<String> memberKeys =
        bus.batchesOf(members.commandId()).stream()
            .flatMap(b -> b.records().stream())
            .map(r -> RecordKeys.of(r, List.of("list_id", "profile_id")))
            .toList();
    assertEquals(List.of("list_id=" + listId + "|profile_id=" + newcomer), memberKeys);
    assertTrue(ids(bus.batchesOf(events.commandId())).contains(late.path("id").asText()));
  }

  @Test
  void aResumeOnAnotherHostFailsTheReadWithoutARequestThere() throws Exception {
    try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger connections = new AtomicInteger();
      Thread listener =
          new Thread(
              () -> {
                while (!trap.isClosed()) {
                  try (Socket ignored = trap.accept()) {
                    connections.incrementAndGet();
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      listener.setDaemon(true);
      listener.start();
      int emulatorPort = URI.create(klaviyoBaseUrl).getPort();
      List<String> elsewhere =
          List.of(
              "http://127.0.0.1:" + trap.getLocalPort() + "/api/profiles?page%5Bcursor%5D=abc",
              // The emulator itself, named otherwise: the host is compared, not only the port.
              "http://localhost:" + emulatorPort + "/api/profiles?page%5Bcursor%5D=abc");
      for (String nextUrl : elsewhere) {
        SyncCommand command =
            Commands.resumed(
                Commands.firstLoad("profile_v2", DEMO_KEY),
                new ReadResume(0, null, null, nextUrl, null, null, true));
        bus.send(command);
        SliceExtracted outcome = bus.awaitOutcome(command.commandId(), WAIT);
        assertEquals(SliceStatus.FAILED, outcome.status());
        assertTrue(outcome.error().contains("refused to call"), outcome.error());
        assertTrue(outcome.error().contains(klaviyoBaseUrl), "names where the key may go");
        assertTrue(bus.batchesOf(command.commandId()).isEmpty());
      }
      assertEquals(0, connections.get(), "nothing was sent to the other host");
    }
  }

  private void awaitBatches(SyncCommand command, int count) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (bus.batchesOf(command.commandId()).size() < count) {
      assertTrue(System.nanoTime() < deadline, "no batches arrived");
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  private static Set<String> ids(List<RecordBatch> batches) {
    return batches.stream()
        .flatMap(b -> b.records().stream())
        .map(r -> RecordKeys.column(r, "id"))
        .collect(Collectors.toSet());
  }

  private static Instant instant(String text) {
    return OffsetDateTime.parse(text).toInstant();
  }
}
