package io.kvsync.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvsync.common.rows.ColumnType;
import io.kvsync.loader.destination.TableRef;
import io.kvsync.loader.schema.LayoutColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpsertStatementTest {

  @Test
  void oneGuardedStatementWithEveryIdentifierQuoted() {
    String sql =
        UpsertStatement.sql(
            new TableRef("db", "my\"schema", "event_v2"),
            List.of(
                new LayoutColumn("id", "id", ColumnType.TEXT),
                new LayoutColumn("datetime", "datetime", ColumnType.TIMESTAMPTZ),
                new LayoutColumn("event_properties", "event_properties", ColumnType.JSONB)),
            List.of("id"));

    assertEquals(
        "INSERT INTO \"my\"\"schema\".\"event_v2\" AS t (\"id\", \"datetime\","
            + " \"event_properties\", \"__ingested_at\", \"__loaded_at\", \"__marked_deleted\","
            + " \"__job_id\") SELECT s.c0, s.c1::timestamptz, s.c2::jsonb, $4::timestamptz, now(),"
            + " false, $5::uuid FROM unnest($1::text[], $2::text[], $3::text[]) AS s(c0, c1, c2)"
            + " ON CONFLICT (\"id\") DO UPDATE SET \"datetime\" = EXCLUDED.\"datetime\","
            + " \"event_properties\" = EXCLUDED.\"event_properties\", \"__ingested_at\" ="
            + " EXCLUDED.\"__ingested_at\", \"__loaded_at\" = EXCLUDED.\"__loaded_at\","
            + " \"__marked_deleted\" = false, \"__job_id\" = EXCLUDED.\"__job_id\""
            + " WHERE t.\"__ingested_at\" <= EXCLUDED.\"__ingested_at\"",
        sql);
  }
}
