package io.kvsync.loader.destination;

import io.kvsync.common.naming.SqlName;
import io.kvsync.common.secret.DestinationSpec;

/**
 * A destination table: schema and (sanitised, prefixed) table name.
 *
 * @param destination {@link DestinationSpec#poolKey()} of the database holding it
 */
public record TableRef(String destination, String schema, String table) {

  /** Schema of a destination that names none. */
  public static final String DEFAULT_SCHEMA = "klaviyo";

  public static TableRef of(DestinationSpec spec, String catalogueTable) {
    String schema =
        spec.schema() == null || spec.schema().isBlank() ? DEFAULT_SCHEMA : spec.schema();
    String prefix = spec.tablePrefix() == null ? "" : spec.tablePrefix();
    return new TableRef(spec.poolKey(), schema, SqlName.sanitise(prefix + catalogueTable));
  }

  /** {@code "schema"."table"}, quoted. */
  public String qualified() {
    return SqlName.quote(schema) + "." + SqlName.quote(table);
  }

  @Override
  public String toString() {
    return schema + "." + table;
  }
}
