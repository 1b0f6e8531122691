package io.kvsync.scheduler.destination;

import io.kvsync.scheduler.rest.Rules;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /destinations}, {@code POST /destinations/test} and {@code PATCH
 * /destinations/{id}}. {@code resetPositions} (PATCH only) confirms a move of the tables of the
 * pipelines that use the destination: a JSON boolean, taken as it came so that anything else is
 * refused rather than coerced.
 */
@Schema(additionalProperties = Schema.False.class)
public record DestinationRequest(
    @Schema(maxLength = Rules.MAX_NAME_LENGTH) String name,
    @Schema(enumeration = "postgres", defaultValue = "postgres") String type,
    @Schema(maxLength = Rules.MAX_HOST_LENGTH) String host,
    @Schema(minimum = "1", maximum = "65535", defaultValue = "5432") Integer port,
    @Schema(maxLength = Rules.MAX_IDENTIFIER_LENGTH) String database,
    @Schema(maxLength = Rules.MAX_IDENTIFIER_LENGTH) String user,
    @Schema(maxLength = Rules.MAX_PASSWORD_LENGTH, writeOnly = true) String password,
    @Schema(
            pattern = Rules.IDENTIFIER_PATTERN,
            defaultValue = "klaviyo",
            description = "Not pg_... nor information_schema: PostgreSQL reserves them")
        String schema,
    @Schema(
            pattern = Rules.TABLE_PREFIX_PATTERN,
            description = "Not starting with pg_: PostgreSQL reserves it")
        String tablePrefix,
    @Schema(
            enumeration = {"disable", "require", "verify-ca", "verify-full"},
            description =
                "TLS as libpq means it; default verify-full, or disable for a loopback host")
        String sslMode,
    @Schema(
            maxLength = 65536,
            writeOnly = true,
            description =
                "PEM of the CA to trust for verify-ca and verify-full; sealed, never shown (see"
                    + " ca_certificate_set)")
        String caCertificate,
    @Schema(
            type = SchemaType.BOOLEAN,
            description = "PATCH only: confirms a move of the tables of the pipelines using it")
        Object resetPositions) {

  /** Whether the request changes where or how the destination connects, not only its name. */
  boolean changesConnection() {
    return host != null
        || port != null
        || database != null
        || user != null
        || password != null
        || sslMode != null
        || caCertificate != null;
  }

  @Override
  public String toString() {
    return "DestinationRequest["
        + name
        + " "
        + user
        + "@"
        + host
        + ":"
        + port
        + "/"
        + database
        + " ssl="
        + sslMode
        + "]";
  }
}
