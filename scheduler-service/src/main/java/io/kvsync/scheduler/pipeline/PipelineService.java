package io.kvsync.scheduler.pipeline;

import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.scheduler.destination.Destination;
import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.rest.Rules;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Creates and reads pipelines; the API key is sealed before it reaches the database. */
@ApplicationScoped
public class PipelineService {

  static final String SOURCE_TYPE = "klaviyo_v2";

  @Inject SecretCipher cipher;
  @Inject Clock clock;

  /** A pipeline with its objects. */
  public record Detail(Pipeline pipeline, List<PipelineObject> objects) {
    public PipelineView view() {
      return PipelineView.of(pipeline, objects);
    }
  }

  /** Checks everything that needs no I/O; the key in the answer is still in clear. */
  public ValidPipeline validate(PipelineRequest request) {
    if (request == null) {
      throw ApiProblem.invalid(null, "A JSON body is required");
    }
    String name = Rules.name("name", request.name());
    UUID destinationId = uuid("destination_id", request.destinationId());
    PipelineRequest.Source source = request.source();
    if (source == null) {
      throw ApiProblem.invalid("source", "source is required");
    }
    if (source.type() != null && !SOURCE_TYPE.equals(source.type().trim())) {
      throw ApiProblem.invalid("source.type", "source.type must be \"" + SOURCE_TYPE + "\"");
    }
    String key = Rules.required("source.private_api_key", source.privateApiKey());
    String duration = HistoricalSyncDuration.canonical(source.historicalSyncDuration());
    String frequency = Frequency.parse(request.frequency()).toString();
    List<ObjectDefinition> objects = ObjectSelection.of(request.objects());
    return new ValidPipeline(name, destinationId, key, duration, frequency, objects);
  }

  /** A pipeline request that passed every rule that needs no I/O. */
  public record ValidPipeline(
      String name,
      UUID destinationId,
      String privateApiKey,
      String historicalSyncDuration,
      String frequency,
      List<ObjectDefinition> objects) {

    @Override
    public String toString() {
      return "ValidPipeline[" + name + "]";
    }
  }

  @WithTransaction
  public Uni<Detail> create(ValidPipeline valid) {
    return Destination.<Destination>findById(valid.destinationId())
        .flatMap(
            destination -> {
              if (destination == null) {
                throw ApiProblem.invalid(
                    "destination_id", "No destination with id " + valid.destinationId());
              }
              return Pipeline.count("name", valid.name());
            })
        .flatMap(
            taken -> {
              if (taken > 0) {
                throw ApiProblem.conflict(
                    "name", "A pipeline named '" + valid.name() + "' already exists");
              }
              Instant now = clock.instant();
              Pipeline p = new Pipeline();
              p.id = UUID.randomUUID();
              p.name = valid.name();
              p.destinationId = valid.destinationId();
              p.sourceType = SOURCE_TYPE;
              p.apiKeySealed = cipher.encrypt(valid.privateApiKey());
              p.apiKeyMasked = SecretCipher.mask(valid.privateApiKey());
              p.historicalSyncDuration = valid.historicalSyncDuration();
              p.frequency = valid.frequency();
              p.status = Pipeline.Status.ACTIVE;
              // The first run follows creation at once.
              p.nextRunAt = now;
              p.createdAt = now;
              p.updatedAt = now;
              List<PipelineObject> objects =
                  valid.objects().stream().map(d -> newObject(p.id, d)).toList();
              return p.persist()
                  .flatMap(ignored -> PipelineObject.persist(objects))
                  .replaceWith(new Detail(p, objects));
            });
  }

  @WithSession
  public Uni<Detail> find(UUID id) {
    return Pipeline.<Pipeline>findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("pipeline", id))
        .flatMap(
            p ->
                PipelineObject.<PipelineObject>list("pipelineId", p.id)
                    .map(objects -> new Detail(p, inCatalogueOrder(objects))));
  }

  static List<PipelineObject> inCatalogueOrder(List<PipelineObject> objects) {
    List<String> order =
        io.kvsync.common.catalogue.ObjectCatalogue.all().stream()
            .map(ObjectDefinition::table)
            .toList();
    return objects.stream()
        .sorted(
            java.util.Comparator.comparingInt(
                o -> order.indexOf(o.object) < 0 ? Integer.MAX_VALUE : order.indexOf(o.object)))
        .toList();
  }

  private static PipelineObject newObject(UUID pipelineId, ObjectDefinition definition) {
    PipelineObject o = new PipelineObject();
    o.id = UUID.randomUUID();
    o.pipelineId = pipelineId;
    o.object = definition.table();
    o.mode = definition.mode();
    o.status = ObjectStatus.QUEUED;
    return o;
  }

  private static UUID uuid(String field, String value) {
    String text = Rules.required(field, value);
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid(field, field + " must be a UUID; got " + text);
    }
  }
}
