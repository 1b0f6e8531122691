package io.kvsync.scheduler.destination;

import io.kvsync.common.secret.SecretCipher;
import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.rest.Rules;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Creates and reads destinations; passwords are sealed before they reach the database. */
@ApplicationScoped
public class DestinationService {

  static final String TYPE_POSTGRES = "postgres";
  static final int DEFAULT_PORT = 5432;
  static final String DEFAULT_SCHEMA = "klaviyo";

  @Inject SecretCipher cipher;
  @Inject Clock clock;

  @WithTransaction
  public Uni<Destination> create(DestinationRequest request) {
    Destination destination = validated(request);
    return Destination.count("name", destination.name)
        .flatMap(
            taken -> {
              if (taken > 0) {
                throw ApiProblem.conflict(
                    "name", "A destination named '" + destination.name + "' already exists");
              }
              return destination.<Destination>persist();
            });
  }

  @WithSession
  public Uni<Destination> find(UUID id) {
    return Destination.<Destination>findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("destination", id));
  }

  private Destination validated(DestinationRequest request) {
    if (request == null) {
      throw ApiProblem.invalid(null, "A JSON body is required");
    }
    Destination d = new Destination();
    d.id = UUID.randomUUID();
    d.name = Rules.name("name", request.name());
    d.type = request.type() == null ? TYPE_POSTGRES : request.type().trim();
    if (!TYPE_POSTGRES.equals(d.type)) {
      throw ApiProblem.invalid("type", "type must be \"postgres\"");
    }
    d.host = Rules.required("host", request.host());
    d.port = Rules.port("port", request.port(), DEFAULT_PORT);
    d.database = Rules.required("database", request.database());
    d.user = Rules.required("user", request.user());
    d.passwordSealed =
        request.password() == null || request.password().isEmpty()
            ? null
            : cipher.encrypt(request.password());
    d.schema =
        Rules.identifier(
            "schema",
            request.schema() == null || request.schema().isBlank()
                ? DEFAULT_SCHEMA
                : request.schema().trim());
    d.tablePrefix =
        Rules.tablePrefix(
            "table_prefix", request.tablePrefix() == null ? "" : request.tablePrefix());
    Instant now = clock.instant();
    d.createdAt = now;
    d.updatedAt = now;
    return d;
  }
}
