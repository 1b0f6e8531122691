package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.testing.ExternalServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker and the databases pulled from under a running job: every connection of the broker
 * closed, every backend of the destination and of the control database terminated. The services
 * reconnect, the run ends SUCCEEDED, the tables are exact and nothing is dead-lettered.
 */
@ExtendWith(WholeSystem.class)
class InfrastructureFaultsTest {

  private static final List<String> OBJECTS = List.of("event_v2", "profile_v2", "metric_v2");

  @Test
  void everyBrokerConnectionClosedMidRunLosesNothing(RunningSystem system) throws Exception {
    try (Bus bus = system.bus()) {
      bus.drainDeadLetters();
      Scenario scenario = new Scenario(system);
      Scenario.Run run = scenario.startBusyRun("amqp", OBJECTS);

      ExternalServices.rabbitmqctl(
          "close_all_connections", "--vhost", system.virtualHost(), "fault suite: broker restart");
      Thread.sleep(2000);
      ExternalServices.rabbitmqctl(
          "close_all_connections", "--vhost", system.virtualHost(), "fault suite: again");
      scenario.calm();

      scenario.assertSucceededExactly(run, OBJECTS);
      assertNoDeadLetters(bus);
    }
  }

  @Test
  void theDestinationsAndTheControlDatabasesBackendsTerminatedMidRunLoseNothing(
      RunningSystem system) throws Exception {
    try (Bus bus = system.bus()) {
      bus.drainDeadLetters();
      Scenario scenario = new Scenario(system);
      Scenario.Run run = scenario.startBusyRun("pgkill", OBJECTS);

      int destination = terminateBackends(system, RunningSystem.DESTINATION_DATABASE);
      int control = terminateBackends(system, RunningSystem.CONTROL_DATABASE);
      assertTrue(destination > 0, "the loader had connections to the destination");
      assertTrue(control > 0, "the scheduler had connections to the control database");
      Thread.sleep(1000);
      terminateBackends(system, RunningSystem.DESTINATION_DATABASE);
      terminateBackends(system, RunningSystem.CONTROL_DATABASE);
      scenario.calm();

      scenario.assertSucceededExactly(run, OBJECTS);
      assertNoDeadLetters(bus);
    }
  }

  /** Ends every backend on {@code database}, as an administrator or a failover would. */
  private static int terminateBackends(RunningSystem system, String database) throws Exception {
    try (Connection admin = system.controlDatabase();
        Statement statement = admin.createStatement();
        ResultSet terminated =
            statement.executeQuery(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = '"
                    + database
                    + "' AND pid <> pg_backend_pid()")) {
      terminated.next();
      return terminated.getInt(1);
    }
  }

  static void assertNoDeadLetters(Bus bus) throws Exception {
    for (String queue : Bus.DEAD_LETTER_QUEUES) {
      assertEquals(0, bus.depth(queue), queue + " holds messages: " + bus.drain(queue));
    }
  }
}
