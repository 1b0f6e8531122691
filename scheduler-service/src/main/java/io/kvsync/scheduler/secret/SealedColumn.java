package io.kvsync.scheduler.secret;

import io.kvsync.common.secret.SealedPlace;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * A column of the control database that holds sealed values: what a reseal walks through.
 *
 * @param fingerprintColumn the column holding the value's fingerprint, recomputed with the newest
 *     key, if any
 */
record SealedColumn(
    String table,
    String column,
    Function<UUID, SealedPlace> place,
    Optional<String> fingerprintColumn) {

  /**
   * Every sealed column at rest. A column that a deployment may not have yet (an optional one added
   * by a later schema) is resealed when the table has it.
   */
  static final List<SealedColumn> ALL =
      List.of(
          new SealedColumn(
              "destinations",
              "password_sealed",
              SealedPlace::destinationPassword,
              Optional.empty()),
          new SealedColumn(
              "destinations",
              "ca_certificate_sealed",
              SealedPlace::destinationCaCertificate,
              Optional.empty()),
          new SealedColumn(
              "pipelines",
              "api_key_sealed",
              SealedPlace::pipelineApiKey,
              Optional.of("api_key_fingerprint")));

  /** How a value of this column is named in a report: {@code destinations/<id>/password_sealed}. */
  String nameOf(UUID id) {
    return table + "/" + id + "/" + column;
  }
}
