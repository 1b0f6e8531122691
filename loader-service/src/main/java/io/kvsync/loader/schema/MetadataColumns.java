package io.kvsync.loader.schema;

import java.util.List;

/** The columns the loader adds to every table, beside the data. */
public final class MetadataColumns {

  /** When the extractor read the record (the batch's {@code extractedAt}): orders versions. */
  public static final String INGESTED_AT = "__ingested_at";

  /** When this loader committed the row. */
  public static final String LOADED_AT = "__loaded_at";

  /** Set when a successful full run no longer saw the row; NULL counts as false. */
  public static final String MARKED_DELETED = "__marked_deleted";

  /** The last job whose batch saw the row, whether or not it replaced the data. */
  public static final String JOB_ID = "__job_id";

  public static final List<String> ALL = List.of(INGESTED_AT, LOADED_AT, MARKED_DELETED, JOB_ID);

  /** Their definitions in {@code CREATE TABLE}. */
  static final String DEFINITIONS =
      "\"__ingested_at\" timestamptz NOT NULL, \"__loaded_at\" timestamptz NOT NULL,"
          + " \"__marked_deleted\" boolean, \"__job_id\" uuid";

  private MetadataColumns() {}
}
