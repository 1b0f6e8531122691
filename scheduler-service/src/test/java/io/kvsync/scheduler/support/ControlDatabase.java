package io.kvsync.scheduler.support;

import io.kvsync.common.testing.ExternalServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Direct access to the test control database, to start a test class from a clean state. */
public final class ControlDatabase {

  private ControlDatabase() {}

  /** A connection to the test control database, for checks no API shows. */
  public static Connection connect() throws Exception {
    ExternalServices.Endpoints e = ExternalServices.start();
    return DriverManager.getConnection(
        e.jdbcUrl(ControlPlaneServices.DATABASE), e.postgresUser(), e.postgresPassword());
  }

  /** Runs one statement on the control database, as an operator or an older version might. */
  public static void execute(String sql) throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The first column of the first row a query returns, as text (null when none). */
  public static String queryText(String sql) throws Exception {
    ExternalServices.Endpoints e = ExternalServices.start();
    try (Connection c =
            DriverManager.getConnection(
                e.jdbcUrl(ControlPlaneServices.DATABASE), e.postgresUser(), e.postgresPassword());
        Statement s = c.createStatement();
        java.sql.ResultSet rows = s.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  /** Empties every control table, so ticks only see what the test class creates. */
  public static void clear() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "TRUNCATE destinations, pipelines, pipeline_objects, jobs, job_objects, slices,"
              + " loaded_batches, deletion_sweeps, failed_records, activity_log, api_tokens");
    }
  }
}
