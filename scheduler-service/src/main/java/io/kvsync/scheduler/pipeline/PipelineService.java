package io.kvsync.scheduler.pipeline;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.common.secret.SealedPlace;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.destination.Destination;
import io.kvsync.scheduler.failure.FailedRecord;
import io.kvsync.scheduler.job.EntityLists;
import io.kvsync.scheduler.job.Job;
import io.kvsync.scheduler.job.JobStatus;
import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.rest.Rules;
import io.kvsync.scheduler.security.CurrentCaller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/** Creates, edits and reads pipelines; the API key is sealed before it reaches the database. */
@ApplicationScoped
public class PipelineService {

  static final String SOURCE_TYPE = "klaviyo_v2";

  @Inject SecretCipher cipher;
  @Inject Clock clock;
  @Inject ActivityLog activity;
  @Inject CurrentCaller caller;
  @Inject TableOwnership ownership;

  /** What a change did beyond its fields: the moved tables are loaded afresh once it commits. */
  public record Updated(Detail detail, boolean tablesMoved) {}

  /** A pipeline with its objects. */
  public record Detail(Pipeline pipeline, List<PipelineObject> objects) {
    public PipelineView view() {
      return PipelineView.of(pipeline, objects);
    }
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
    sourceType(source);
    String key = Rules.apiKey("source.private_api_key", source.privateApiKey());
    String duration = HistoricalSyncDuration.canonical(source.historicalSyncDuration());
    String frequency = Frequency.parse(request.frequency()).toString();
    List<ObjectDefinition> objects = ObjectSelection.of(request.objects());
    return new ValidPipeline(name, destinationId, key, duration, frequency, objects);
  }

  @WithTransaction
  public Uni<Detail> create(ValidPipeline valid) {
    return destinationMustExist(valid.destinationId())
        .call(destination -> ensureNameFree(valid.name(), null))
        .call(destination -> ownership.ensureFree(destination, List.of()))
        .flatMap(
            destination -> {
              Instant now = clock.instant();
              Pipeline p = new Pipeline();
              p.id = UUID.randomUUID();
              p.name = valid.name();
              p.destinationId = valid.destinationId();
              p.tablesKey = destination.tablesKey();
              p.sourceType = SOURCE_TYPE;
              p.apiKeySealed =
                  cipher.encrypt(valid.privateApiKey(), SealedPlace.pipelineApiKey(p.id));
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
                  .flatMap(saved -> PipelineObject.persist(objects))
                  .call(() -> ownership.flushClaiming(destination))
                  .call(
                      () ->
                          activity.info(
                              caller.name(),
                              "pipeline.created",
                              p.id,
                              p.name
                                  + " (key "
                                  + p.apiKeyMasked
                                  + ", every "
                                  + p.frequency
                                  + ", "
                                  + objects.size()
                                  + " objects)"))
                  .replaceWith(new Detail(p, objects));
            });
  }

  /**
   * Applies the fields present. A new key must already be checked by the caller; a new frequency
   * makes the pipeline run at once and then every new interval. A destination whose tables live
   * elsewhere moves the pipeline's tables: only with {@code reset_positions}, and then every object
   * loads its history afresh (docs/adr/0008).
   */
  @WithTransaction
  public Uni<Updated> update(UUID id, PipelineUpdate update, String checkedNewKey) {
    if (update == null) {
      throw ApiProblem.invalid(null, "A JSON body is required");
    }
    String name = update.name() == null ? null : Rules.name("name", update.name());
    UUID destinationId =
        update.destinationId() == null ? null : uuid("destination_id", update.destinationId());
    String frequency =
        update.frequency() == null ? null : Frequency.parse(update.frequency()).toString();
    String duration = null;
    if (update.source() != null) {
      sourceType(update.source());
      if (update.source().historicalSyncDuration() != null) {
        duration = HistoricalSyncDuration.canonical(update.source().historicalSyncDuration());
      }
    }
    String newDuration = duration;
    boolean resetPositions = Rules.flag("reset_positions", update.resetPositions());
    AtomicBoolean tablesMoved = new AtomicBoolean();
    List<ObjectDefinition> selected =
        update.objects() == null ? null : ObjectSelection.of(update.objects());
    return lockedPipeline(id)
        .call(p -> name == null ? Uni.createFrom().voidItem() : ensureNameFree(name, p.id))
        .call(
            p ->
                destinationId == null || destinationId.equals(p.destinationId)
                    ? Uni.createFrom().voidItem()
                    : destinationMustExist(destinationId)
                        .call(
                            target ->
                                moveTables(p, target, resetPositions).invoke(tablesMoved::set)))
        .flatMap(
            p -> {
              Instant now = clock.instant();
              StringBuilder changes = new StringBuilder();
              if (name != null && !name.equals(p.name)) {
                changes.append(" name ").append(p.name).append(" -> ").append(name);
                p.name = name;
              }
              if (destinationId != null && !destinationId.equals(p.destinationId)) {
                changes.append(" destination -> ").append(destinationId);
                if (tablesMoved.get()) {
                  changes.append(" (positions reset)");
                }
                p.destinationId = destinationId;
              }
              if (frequency != null && !frequency.equals(p.frequency)) {
                changes.append(" frequency ").append(p.frequency).append(" -> ").append(frequency);
                p.frequency = frequency;
                p.nextRunAt = now;
              }
              if (newDuration != null && !newDuration.equals(p.historicalSyncDuration)) {
                changes
                    .append(" historical_sync_duration ")
                    .append(p.historicalSyncDuration)
                    .append(" -> ")
                    .append(newDuration);
                p.historicalSyncDuration = newDuration;
              }
              if (checkedNewKey != null) {
                p.apiKeySealed = cipher.encrypt(checkedNewKey, SealedPlace.pipelineApiKey(p.id));
                p.apiKeyMasked = SecretCipher.mask(checkedNewKey);
                changes.append(" private_api_key -> ").append(p.apiKeyMasked);
              }
              p.updatedAt = now;
              Uni<Void> objectsChanged =
                  selected == null ? Uni.createFrom().voidItem() : reselect(p, selected, changes);
              return objectsChanged
                  .flatMap(
                      ignored ->
                          activity.info(
                              caller.name(), "pipeline.updated", p.id, changes.toString().trim()))
                  .flatMap(ignored -> objectsOf(p))
                  .map(detail -> new Updated(detail, tablesMoved.get()));
            });
  }

  /**
   * Moves the pipeline's tables when {@code target} keeps them elsewhere than its destination now;
   * true when it did. The same place under another destination is no move.
   */
  private Uni<Boolean> moveTables(Pipeline p, Destination target, boolean resetPositions) {
    return Destination.<Destination>findById(p.destinationId)
        .flatMap(
            current -> {
              if (current != null && current.tablesKey().equals(target.tablesKey())) {
                return Uni.createFrom().item(false);
              }
              return TableOwnership.ensureMovable(List.of(p), resetPositions)
                  .call(() -> ownership.ensureFree(target, List.of(p.id)))
                  .call(() -> ownership.move(p, target))
                  .call(() -> ownership.flushClaiming(target))
                  .replaceWith(true);
            });
  }

  /** Adds the newly selected objects (queued for a first load) and drops the deselected ones. */
  private Uni<Void> reselect(Pipeline p, List<ObjectDefinition> selected, StringBuilder changes) {
    List<String> wanted = selected.stream().map(ObjectDefinition::table).toList();
    return PipelineObject.<PipelineObject>list("pipelineId", p.id)
        .flatMap(
            current -> {
              List<String> present = current.stream().map(o -> o.object).toList();
              List<PipelineObject> added =
                  selected.stream()
                      .filter(d -> !present.contains(d.table()))
                      .map(d -> newObject(p.id, d))
                      .toList();
              List<String> removed = present.stream().filter(o -> !wanted.contains(o)).toList();
              if (!added.isEmpty()) {
                changes
                    .append(" objects added ")
                    .append(added.stream().map(o -> o.object).toList());
              }
              if (!removed.isEmpty()) {
                changes.append(" objects removed ").append(removed);
              }
              Uni<Long> dropped =
                  removed.isEmpty()
                      ? Uni.createFrom().item(0L)
                      : PipelineObject.delete("pipelineId = ?1 and object in ?2", p.id, removed);
              return dropped.flatMap(ignored -> EntityLists.persist(added));
            });
  }

  @WithTransaction
  public Uni<Void> delete(UUID id) {
    return lockedPipeline(id)
        .call(
            p ->
                Job.count("pipelineId = ?1 and status in ?2", id, JobStatus.activeStatuses())
                    .invoke(
                        active -> {
                          if (active > 0) {
                            throw ApiProblem.conflict(
                                null,
                                "Pipeline '"
                                    + p.name
                                    + "' is running; pause it and delete it once the run ended");
                          }
                        }))
        .call(p -> PipelineObject.delete("pipelineId", id))
        // Failed records carry personal data: they go with their pipeline.
        .call(p -> FailedRecord.delete("pipelineId", id))
        .call(p -> p.delete())
        .call(p -> activity.info(caller.name(), "pipeline.deleted", id, p.name))
        .replaceWithVoid();
  }

  @WithTransaction
  public Uni<Detail> setStatus(UUID id, Pipeline.Status status) {
    return lockedPipeline(id)
        .flatMap(
            p -> {
              if (p.status == status) {
                return objectsOf(p);
              }
              p.status = status;
              p.updatedAt = clock.instant();
              return activity
                  .info(
                      caller.name(),
                      status == Pipeline.Status.PAUSED ? "pipeline.paused" : "pipeline.resumed",
                      p.id,
                      p.name)
                  .flatMap(ignored -> objectsOf(p));
            });
  }

  @WithSession
  public Uni<Detail> find(UUID id) {
    return Pipeline.<Pipeline>findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("pipeline", id))
        .flatMap(this::objectsOf);
  }

  @WithSession
  public Uni<List<Detail>> list() {
    return Pipeline.<Pipeline>listAll(Sort.ascending("name"))
        .flatMap(
            pipelines ->
                PipelineObject.<PipelineObject>listAll()
                    .map(
                        objects -> {
                          Map<UUID, List<PipelineObject>> byPipeline =
                              objects.stream().collect(Collectors.groupingBy(o -> o.pipelineId));
                          return pipelines.stream()
                              .map(
                                  p ->
                                      new Detail(
                                          p,
                                          inCatalogueOrder(
                                              byPipeline.getOrDefault(p.id, List.of()))))
                              .toList();
                        }));
  }

  Uni<Pipeline> lockedPipeline(UUID id) {
    return Pipeline.<Pipeline>findById(id, LockModeType.PESSIMISTIC_WRITE)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("pipeline", id));
  }

  private Uni<Detail> objectsOf(Pipeline p) {
    return PipelineObject.<PipelineObject>list("pipelineId", p.id)
        .map(objects -> new Detail(p, inCatalogueOrder(objects)));
  }

  static List<PipelineObject> inCatalogueOrder(List<PipelineObject> objects) {
    List<String> order = ObjectCatalogue.all().stream().map(ObjectDefinition::table).toList();
    return objects.stream()
        .sorted(
            Comparator.comparingInt(
                    (PipelineObject o) ->
                        order.indexOf(o.object) < 0 ? Integer.MAX_VALUE : order.indexOf(o.object))
                .thenComparing(o -> o.object))
        .toList();
  }

  private static Uni<Destination> destinationMustExist(UUID destinationId) {
    return Destination.<Destination>findById(destinationId)
        .map(
            destination -> {
              if (destination == null) {
                throw ApiProblem.invalid(
                    "destination_id", "No destination with id " + destinationId);
              }
              return destination;
            });
  }

  private static Uni<Void> ensureNameFree(String name, UUID self) {
    Uni<Long> count =
        self == null
            ? Pipeline.count("name", name)
            : Pipeline.count("name = ?1 and id <> ?2", name, self);
    return count.map(
        taken -> {
          if (taken > 0) {
            throw ApiProblem.conflict("name", "A pipeline named '" + name + "' already exists");
          }
          return null;
        });
  }

  private static void sourceType(PipelineRequest.Source source) {
    if (source.type() != null && !SOURCE_TYPE.equals(source.type().trim())) {
      throw ApiProblem.invalid("source.type", "source.type must be \"" + SOURCE_TYPE + "\"");
    }
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
