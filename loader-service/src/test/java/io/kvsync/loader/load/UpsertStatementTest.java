package io.kvsync.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvsync.common.rows.ColumnType;
import io.kvsync.loader.destination.TableRef;
import io.kvsync.loader.schema.LayoutColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpsertStatementTest {

  @Test
  void oneGuardedStatementThatAlwaysRecordsTheJobWithEveryIdentifierQuoted() {
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
            + " ON CONFLICT (\"id\") DO UPDATE SET \"datetime\" = CASE WHEN"
            + " t.\"__ingested_at\" <= EXCLUDED.\"__ingested_at\" THEN EXCLUDED.\"datetime\" ELSE"
            + " t.\"datetime\" END, \"event_properties\" = CASE WHEN t.\"__ingested_at\" <="
            + " EXCLUDED.\"__ingested_at\" THEN EXCLUDED.\"event_properties\" ELSE"
            + " t.\"event_properties\" END, \"__ingested_at\" = CASE WHEN t.\"__ingested_at\" <="
            + " EXCLUDED.\"__ingested_at\" THEN EXCLUDED.\"__ingested_at\" ELSE t.\"__ingested_at\""
            + " END, \"__loaded_at\" = CASE WHEN t.\"__ingested_at\" <= EXCLUDED.\"__ingested_at\""
            + " THEN EXCLUDED.\"__loaded_at\" ELSE t.\"__loaded_at\" END, \"__marked_deleted\" ="
            + " false, \"__job_id\" = EXCLUDED.\"__job_id\" WHERE t.\"__ingested_at\" <="
            + " EXCLUDED.\"__ingested_at\" OR t.\"__job_id\" IS DISTINCT FROM EXCLUDED.\"__job_id\""
            + " OR t.\"__marked_deleted\" IS TRUE",
        sql);
  }
}
