package io.kvsync.scheduler.destination;

import io.kvsync.common.destination.CaCertificates;
import io.kvsync.common.destination.SslMode;
import io.kvsync.common.secret.SealedPlace;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.pipeline.Pipeline;
import io.kvsync.scheduler.pipeline.TableOwnership;
import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.rest.Rules;
import io.kvsync.scheduler.security.CurrentCaller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Creates, edits and reads destinations; passwords and CA certificates are sealed before they reach
 * the database.
 */
@ApplicationScoped
public class DestinationService {

  static final String TYPE_POSTGRES = "postgres";
  static final int DEFAULT_PORT = 5432;
  static final String DEFAULT_SCHEMA = "klaviyo";

  @Inject SecretCipher cipher;
  @Inject Clock clock;
  @Inject ActivityLog activity;
  @Inject CurrentCaller caller;
  @Inject TableOwnership ownership;
  @Inject DestinationProbe probe;

  @WithTransaction
  public Uni<Destination> create(DestinationRequest request) {
    Destination destination = new Destination();
    destination.id = UUID.randomUUID();
    apply(destination, required(request), true);
    Instant now = clock.instant();
    destination.createdAt = now;
    destination.updatedAt = now;
    return probe
        .hostAllowed(destination.host, false)
        .chain(() -> ensureNameFree(destination.name, destination.id))
        .flatMap(ignored -> destination.<Destination>persist())
        .call(
            d ->
                activity.info(
                    caller.name(),
                    "destination.created",
                    null,
                    d.name + " (" + d.spec(cipher) + ")"));
  }

  /**
   * Applies the fields present in the request; absent fields keep their value. A change of where
   * the tables live (host, port, database, schema, prefix) moves the tables of the pipelines that
   * use the destination: only with {@code reset_positions}, and then they load their history afresh
   * (docs/adr/0008). A change of how it connects (host, port, database, user, password, TLS) must
   * pass the connection test, with the new settings, before anything is stored.
   */
  @WithTransaction
  public Uni<Destination> update(UUID id, DestinationRequest request) {
    DestinationRequest changes = required(request);
    boolean resetPositions = Rules.flag("reset_positions", changes.resetPositions());
    return find(id)
        .flatMap(
            destination -> {
              String tablesBefore = destination.tablesKey();
              apply(destination, changes, false);
              destination.updatedAt = clock.instant();
              return ensureNameFree(destination.name, destination.id)
                  .call(
                      () ->
                          changes.changesConnection()
                              ? probe.check(destination.spec(cipher))
                              : Uni.createFrom().voidItem())
                  .call(
                      () ->
                          tablesBefore.equals(destination.tablesKey())
                              ? Uni.createFrom().voidItem()
                              : moveTablesOfUsers(destination, resetPositions))
                  .replaceWith(destination);
            })
        .call(d -> activity.info(caller.name(), "destination.updated", null, d.name));
  }

  private Uni<Void> moveTablesOfUsers(Destination destination, boolean resetPositions) {
    return Pipeline.<Pipeline>find("destinationId", destination.id)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .list()
        .call(
            users -> {
              if (users.isEmpty()) {
                return Uni.createFrom().voidItem();
              }
              return TableOwnership.ensureMovable(users, resetPositions)
                  .call(
                      () ->
                          ownership.ensureFree(destination, users.stream().map(p -> p.id).toList()))
                  .call(
                      () ->
                          Multi.createFrom()
                              .iterable(users)
                              .onItem()
                              .transformToUniAndConcatenate(p -> ownership.move(p, destination))
                              .collect()
                              .last())
                  .call(() -> ownership.flushClaiming(destination));
            })
        .replaceWithVoid();
  }

  /** Deletes a destination no pipeline uses. */
  @WithTransaction
  public Uni<Void> delete(UUID id) {
    return find(id)
        .flatMap(
            destination ->
                Pipeline.<Pipeline>list("destinationId", id)
                    .flatMap(
                        users -> {
                          if (!users.isEmpty()) {
                            throw ApiProblem.conflict(
                                null,
                                "Destination '"
                                    + destination.name
                                    + "' is used by pipelines "
                                    + users.stream().map(p -> p.name).toList()
                                    + ": delete them or point them elsewhere first");
                          }
                          return destination
                              .delete()
                              .call(
                                  () ->
                                      activity.info(
                                          caller.name(),
                                          "destination.deleted",
                                          null,
                                          destination.name));
                        }));
  }

  @WithSession
  public Uni<Destination> find(UUID id) {
    return Destination.<Destination>findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("destination", id));
  }

  @WithSession
  public Uni<List<Destination>> list() {
    return Destination.listAll(Sort.ascending("name"));
  }

  /** Validates a request as for creation, without storing anything; the password stays in clear. */
  public Destination unsaved(DestinationRequest request) {
    Destination destination = new Destination();
    // An id of its own, so its password is sealed for no stored row.
    destination.id = UUID.randomUUID();
    apply(destination, required(request), true);
    return destination;
  }

  private Uni<Void> ensureNameFree(String name, UUID self) {
    return Destination.count("name = ?1 and id <> ?2", name, self)
        .map(
            taken -> {
              if (taken > 0) {
                throw ApiProblem.conflict(
                    "name", "A destination named '" + name + "' already exists");
              }
              return null;
            });
  }

  private static DestinationRequest required(DestinationRequest request) {
    if (request == null) {
      throw ApiProblem.invalid(null, "A JSON body is required");
    }
    return request;
  }

  private static String sslMode(String value) {
    try {
      return SslMode.of(value.trim()).wireName();
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid("ssl_mode", e.getMessage());
    }
  }

  private static String caCertificate(String pem) {
    String problem = CaCertificates.problem(pem);
    if (problem != null) {
      throw ApiProblem.invalid("ca_certificate", problem);
    }
    return pem;
  }

  private void apply(Destination d, DestinationRequest r, boolean creating) {
    if (creating || r.name() != null) {
      d.name = Rules.name("name", r.name());
    }
    if (creating || r.type() != null) {
      d.type = r.type() == null ? TYPE_POSTGRES : r.type().trim();
      if (!TYPE_POSTGRES.equals(d.type)) {
        throw ApiProblem.invalid("type", "type must be \"postgres\"");
      }
    }
    if (creating || r.host() != null) {
      d.host = Rules.text("host", r.host(), Rules.MAX_HOST_LENGTH);
    }
    if (creating || r.port() != null) {
      d.port = Rules.port("port", r.port(), DEFAULT_PORT);
    }
    if (creating || r.database() != null) {
      d.database = Rules.text("database", r.database(), Rules.MAX_IDENTIFIER_LENGTH);
    }
    if (creating || r.user() != null) {
      d.user = Rules.text("user", r.user(), Rules.MAX_IDENTIFIER_LENGTH);
    }
    if (creating || r.password() != null) {
      String password = Rules.optionalText("password", r.password(), Rules.MAX_PASSWORD_LENGTH);
      d.passwordSealed =
          password == null || password.isEmpty()
              ? null
              : cipher.encrypt(password, SealedPlace.destinationPassword(d.id));
    }
    if (creating || r.sslMode() != null) {
      d.sslMode =
          r.sslMode() == null ? SslMode.defaultFor(d.host).wireName() : sslMode(r.sslMode());
    }
    if (creating || r.caCertificate() != null) {
      d.caCertificateSealed =
          r.caCertificate() == null || r.caCertificate().isBlank()
              ? null
              : cipher.encrypt(
                  caCertificate(r.caCertificate()), SealedPlace.destinationCaCertificate(d.id));
    }
    if (r.caCertificate() != null
        && !r.caCertificate().isBlank()
        && !SslMode.of(d.sslMode).verifiesCertificate()) {
      throw ApiProblem.invalid(
          "ca_certificate",
          "ca_certificate is used only with ssl_mode verify-ca or verify-full; ssl_mode is "
              + d.sslMode);
    }
    if (creating || r.schema() != null) {
      d.schema =
          Rules.identifier(
              "schema",
              r.schema() == null || r.schema().isBlank() ? DEFAULT_SCHEMA : r.schema().trim());
    }
    if (creating || r.tablePrefix() != null) {
      d.tablePrefix =
          Rules.tablePrefix("table_prefix", r.tablePrefix() == null ? "" : r.tablePrefix());
    }
  }
}
