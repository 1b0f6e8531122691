package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.emulator.admin.EmulatorAdmin;
import io.kvsync.emulator.data.Campaign;
import io.kvsync.emulator.data.Event;
import io.kvsync.emulator.data.Group;
import io.kvsync.emulator.data.Profile;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every one of the 18 tables, replicated through the packaged services, holds exactly the
 * emulator's data: after the historical run, and again after the account changed and an incremental
 * run picked the changes up.
 */
@ExtendWith(WholeSystem.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AllObjectsReplicationTest {

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(8);

  private RunningSystem system;
  private Scenario scenario;
  private String schema;
  private String pipelineId;
  private Instant lastJobStart;
  private String deletedCampaignId;

  static Stream<String> tables() {
    return ObjectCatalogue.all().stream().map(ObjectDefinition::table);
  }

  @BeforeAll
  void replicateHistory(RunningSystem system) throws Exception {
    this.system = system;
    this.schema = "all_" + UUID.randomUUID().toString().substring(0, 8);
    this.scenario = new Scenario(system);
    pipelineId =
        scenario.pipeline(
            "all objects " + schema,
            scenario.destinationOn(schema),
            system.klaviyo().demoKey(),
            "P3M",
            List.of());
    runToSuccess();
  }

  private void runToSuccess() throws Exception {
    lastJobStart = scenario.runToSuccess(pipelineId, JOB_TIMEOUT);
  }

  @ParameterizedTest(name = "historical load: {0}")
  @MethodSource("tables")
  @Order(1)
  void historicalLoadHoldsExactlyKlaviyosRows(String table) throws Exception {
    assertMatchesKlaviyo(table);
  }

  @Test
  @Order(2)
  void changesInTheAccountArriveWithTheNextRun() throws Exception {
    EmulatorAdmin klaviyo = system.klaviyo().admin();
    List<Profile> profiles = klaviyo.data().profiles().sortedById();
    klaviyo.updateProfile(profiles.get(0).id(), "changed-" + schema + "@example.com", "Zoë", null);
    Profile created = klaviyo.createProfile("new-" + schema + "@example.com", "Nouveau");
    String metricId = klaviyo.data().metrics().sortedById().get(0).id();
    Event fresh = klaviyo.addEvent(metricId, created.id(), null, Map.of("value", 12.5));
    // Klaviyo's event store is eventually consistent: an event can show up behind the cursor.
    Event late =
        klaviyo.addEvent(metricId, profiles.get(1).id(), lastJobStart.minusSeconds(300), null);
    Group list = klaviyo.data().lists().sortedById().get(0);
    klaviyo.addMember(list.id(), created.id(), null);
    klaviyo.renameGroup(list.id(), list.name() + " (renamed)");
    List<Campaign> campaigns = klaviyo.data().campaigns().sortedById();
    klaviyo.archiveCampaign(campaigns.get(0).id());
    deletedCampaignId = campaigns.get(1).id();
    klaviyo.deleteCampaign(deletedCampaignId);
    String flowId = klaviyo.data().flows().sortedById().get(0).id();
    klaviyo.editFlow(flowId, "Edited flow " + schema, null, null);

    runToSuccess();

    try (Connection db = system.destination()) {
      Map<List<String>, Map<String, String>> events =
          DestinationTable.liveRows(db, schema, "event_v2", List.of("id"));
      assertTrue(events.containsKey(List.of(fresh.id())), "the new event arrived");
      assertTrue(events.containsKey(List.of(late.id())), "the late event arrived");
      assertTrue(
          DestinationTable.deletedKeys(db, schema, "campaign_v2", List.of("id"))
              .contains(List.of(deletedCampaignId)),
          "the deleted campaign is marked deleted");
    }
  }

  @ParameterizedTest(name = "after an incremental run: {0}")
  @MethodSource("tables")
  @Order(3)
  void incrementalRunLeavesExactlyKlaviyosRows(String table) throws Exception {
    assertMatchesKlaviyo(table);
  }

  private void assertMatchesKlaviyo(String table) throws Exception {
    DestinationTable.assertMatchesKlaviyo(system, schema, table, lastJobStart);
  }
}
