package io.kvsync.loader;

import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.common.testing.ExternalServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A destination schema of its own per test (random name), in the loader's test database, and plain
 * JDBC to look at what the loader wrote.
 */
public final class TestDestination {

  public static final String DATABASE = "kvsync_loader_test";
  public static final SecretCipher CIPHER =
      SecretCipher.fromRing("test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

  private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "");

  public String schema() {
    return schema;
  }

  public DestinationSpec spec() {
    ExternalServices.Endpoints e = ExternalServices.start();
    return new DestinationSpec(
        e.postgresHost(),
        e.postgresPort(),
        DATABASE,
        e.postgresUser(),
        e.postgresPassword(),
        schema,
        "");
  }

  public String sealed() {
    return spec().seal(CIPHER);
  }

  public List<Map<String, Object>> rows(String sql) throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.replace("{schema}", "\"" + schema + "\""))) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) {
          Object value = rs.getObject(i);
          // timestamptz comes back as java.sql.Timestamp: compare instants instead.
          row.put(
              rs.getMetaData().getColumnLabel(i),
              value instanceof java.sql.Timestamp t ? t.toInstant() : value);
        }
        rows.add(row);
      }
      return rows;
    }
  }

  public void execute(String sql) throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql.replace("{schema}", "\"" + schema + "\""));
    }
  }

  /** Column name → {@code format_type} of a table in this schema. */
  public Map<String, String> columnTypes(String table) throws Exception {
    Map<String, String> types = new LinkedHashMap<>();
    for (Map<String, Object> row :
        rows(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass('{schema}.\""
                + table
                + "\"') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      types.put((String) row.get("attname"), (String) row.get("type"));
    }
    return types;
  }

  private Connection connect() throws Exception {
    ExternalServices.Endpoints e = ExternalServices.start();
    return DriverManager.getConnection(e.jdbcUrl(DATABASE), e.postgresUser(), e.postgresPassword());
  }
}
