package io.kvsync.scheduler.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.RecordFailure;
import io.kvsync.common.contract.SyncKind;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.secret.SecretCipher;
import io.kvsync.scheduler.activity.ActivityLog;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.kvsync.scheduler.destination.Destination;
import io.kvsync.scheduler.job.CommandSink;
import io.kvsync.scheduler.job.EntityLists;
import io.kvsync.scheduler.job.Job;
import io.kvsync.scheduler.job.JobObject;
import io.kvsync.scheduler.job.JobObjectStatus;
import io.kvsync.scheduler.job.JobStatus;
import io.kvsync.scheduler.job.JobTrigger;
import io.kvsync.scheduler.job.Slice;
import io.kvsync.scheduler.job.SliceState;
import io.kvsync.scheduler.pipeline.Pipeline;
import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.security.CurrentCaller;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Failed records and their replay. A replay is a job of its own: the stored payloads go to the
 * loaders in bounded batches, each record with the time it was first read, so a row the destination
 * already holds in a newer version stays; the loaders' reports finish the job like any other.
 * Payloads cut at the report's size cap cannot be replayed; they stay open and are counted.
 */
@ApplicationScoped
public class FailedRecordService {

  /** A failed record as the API shows it. */
  public record FailedRecordView(
      UUID id,
      UUID jobId,
      String object,
      String recordId,
      String reason,
      String payload,
      FailedRecord.State state,
      Instant failedAt,
      Instant replayedAt) {}

  /**
   * The answer to a replay: the job that loads the records, or none when nothing was owed.
   *
   * @param more whether open records were left for another replay (one takes at most {@code
   *     kvsync.failed-records.max-records-per-replay})
   */
  public record ReplayAnswer(UUID jobId, int replayed, int notReplayable, boolean more) {}

  @Inject Clock clock;
  @Inject SchedulerConfig config;
  @Inject SecretCipher cipher;
  @Inject CommandSink sink;
  @Inject ActivityLog activity;
  @Inject CurrentCaller caller;

  @WithSession
  public Uni<List<FailedRecordView>> list(UUID pipelineId, String object, String state, int limit) {
    StringBuilder query = new StringBuilder("pipelineId = :pipeline");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("pipeline", pipelineId);
    if (object != null) {
      query.append(" and object = :object");
      params.put("object", object);
    }
    if (state != null) {
      query.append(" and state = :state");
      try {
        params.put("state", FailedRecord.State.valueOf(state));
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalid("state", "state must be OPEN or REPLAYED");
      }
    }
    return Pipeline.<Pipeline>findById(pipelineId)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("pipeline", pipelineId))
        .flatMap(
            p ->
                FailedRecord.<FailedRecord>find(
                        query.toString(), Sort.descending("failedAt"), params)
                    .page(Page.ofSize(Math.max(1, Math.min(limit, 1000))))
                    .list())
        .map(records -> records.stream().map(FailedRecordService::view).toList());
  }

  /** Dismisses a failed record: it is deleted, payload and all. */
  @WithTransaction
  public Uni<Void> dismiss(UUID pipelineId, UUID recordId) {
    return FailedRecord.<FailedRecord>find("id = ?1 and pipelineId = ?2", recordId, pipelineId)
        .firstResult()
        .onItem()
        .ifNull()
        .failWith(
            () ->
                new ApiProblem(
                    404,
                    "Not found",
                    "Pipeline " + pipelineId + " has no failed record with id " + recordId,
                    null))
        .call(record -> record.delete())
        .call(
            record ->
                activity.info(
                    caller.name(),
                    "failed_records.dismissed",
                    pipelineId,
                    "failed record " + record.id + " of " + record.object + " dismissed"))
        .replaceWithVoid();
  }

  /** Replays the open failed records of a pipeline (optionally of one object). */
  public Uni<ReplayAnswer> replay(UUID pipelineId, String object) {
    return prepareReplay(pipelineId, object)
        .flatMap(
            prepared ->
                Multi.createFrom()
                    .iterable(prepared.batches())
                    .onItem()
                    .transformToUniAndConcatenate(sink::publish)
                    .collect()
                    .last()
                    .replaceWith(prepared.answer()));
  }

  private record PreparedReplay(ReplayAnswer answer, List<RecordBatch> batches) {}

  @WithTransaction
  Uni<PreparedReplay> prepareReplay(UUID pipelineId, String object) {
    return Pipeline.<Pipeline>findById(pipelineId, LockModeType.PESSIMISTIC_WRITE)
        .onItem()
        .ifNull()
        .failWith(() -> ApiProblem.notFound("pipeline", pipelineId))
        .flatMap(
            pipeline ->
                Job.count(
                        "pipelineId = ?1 and status in ?2", pipelineId, JobStatus.activeStatuses())
                    .flatMap(
                        active -> {
                          if (active > 0) {
                            throw ApiProblem.conflict(
                                null, "A run of the pipeline is active; replay once it ended");
                          }
                          // Payloads cut at the report's cap (not replayable) sort last, so they
                          // never hold back the others; a replay takes a bounded page of records.
                          String order = " order by length(payload), extractedAt, failedAt, id";
                          PanacheQuery<FailedRecord> open =
                              object == null
                                  ? FailedRecord.find(
                                      "pipelineId = ?1 and state = ?2" + order,
                                      pipelineId,
                                      FailedRecord.State.OPEN)
                                  : FailedRecord.find(
                                      "pipelineId = ?1 and state = ?2 and object = ?3" + order,
                                      pipelineId,
                                      FailedRecord.State.OPEN,
                                      object);
                          int most = config.failedRecords().maxRecordsPerReplay();
                          return open.page(0, most)
                              .list()
                              .flatMap(
                                  records -> replayJob(pipeline, records, records.size() == most));
                        }));
  }

  private Uni<PreparedReplay> replayJob(
      Pipeline pipeline, List<FailedRecord> records, boolean more) {
    Instant now = clock.instant();
    Map<String, Map<Instant, List<ObjectNode>>> payloads = new LinkedHashMap<>();
    int notReplayable = 0;
    for (FailedRecord record : records) {
      ObjectNode payload = complete(record.payload);
      if (payload == null) {
        notReplayable++;
        continue;
      }
      payloads
          .computeIfAbsent(record.object, k -> new LinkedHashMap<>())
          .computeIfAbsent(readAt(record), k -> new ArrayList<>())
          .add(payload);
      record.state = FailedRecord.State.REPLAYED;
      record.replayedAt = now;
    }
    int skipped = notReplayable;
    int replayed = records.size() - notReplayable;
    if (payloads.isEmpty()) {
      return Uni.createFrom()
          .item(new PreparedReplay(new ReplayAnswer(null, 0, skipped, more), List.of()));
    }
    Job job = new Job();
    job.id = UUID.randomUUID();
    job.pipelineId = pipeline.id;
    job.trigger = JobTrigger.REPLAY;
    job.status = JobStatus.RUNNING;
    job.createdAt = now;
    job.startedAt = now;
    List<JobObject> jobObjects = new ArrayList<>();
    List<Slice> slices = new ArrayList<>();
    List<RecordBatch> batches = new ArrayList<>();
    return Destination.<Destination>findById(pipeline.destinationId)
        .flatMap(
            destination -> {
              String sealed = destination.sealedSpec(cipher);
              payloads.forEach(
                  (object, byReadTime) -> {
                    JobObject jobObject = new JobObject();
                    jobObject.id = UUID.randomUUID();
                    jobObject.jobId = job.id;
                    jobObject.object = object;
                    jobObject.kind = SyncKind.INCREMENTAL;
                    jobObject.status = JobObjectStatus.RUNNING;
                    jobObject.slicesTotal = 1;
                    jobObjects.add(jobObject);
                    Slice slice = new Slice();
                    slice.id = UUID.randomUUID();
                    slice.jobId = job.id;
                    slice.jobObjectId = jobObject.id;
                    slice.object = object;
                    slice.kind = SyncKind.INCREMENTAL;
                    slice.attempt = 1;
                    // Extracted already: the stored payloads are the records.
                    slice.state = SliceState.EXTRACTED;
                    slice.readId = UUID.randomUUID();
                    slice.leaseExpiresAt = now.plus(config.dispatch().loadLease());
                    List<RecordBatch> ofSlice = new ArrayList<>();
                    byReadTime.forEach(
                        (readAt, group) ->
                            ReplayBatches.cut(
                                    group,
                                    config.failedRecords().replayBatchRecords(),
                                    config.failedRecords().replayBatchBytes())
                                .forEach(
                                    part ->
                                        ofSlice.add(
                                            new RecordBatch(
                                                RecordBatch.SCHEMA_VERSION,
                                                UUID.randomUUID(),
                                                slice.id,
                                                job.id,
                                                pipeline.id,
                                                object,
                                                1,
                                                slice.readId,
                                                ofSlice.size(),
                                                readAt,
                                                null,
                                                sealed,
                                                part))));
                    slice.batchesExpected = ofSlice.size();
                    slice.records = ofSlice.stream().mapToInt(b -> b.records().size()).sum();
                    jobObject.recordsExtracted = slice.records;
                    slices.add(slice);
                    batches.addAll(ofSlice);
                  });
              return job.persist()
                  .flatMap(ignored -> EntityLists.persist(jobObjects))
                  .flatMap(ignored -> EntityLists.persist(slices))
                  .flatMap(
                      ignored ->
                          activity.info(
                              caller.name(),
                              "failed_records.replayed",
                              pipeline.id,
                              replayed
                                  + " records replayed in job "
                                  + job.id
                                  + (skipped == 0
                                      ? ""
                                      : "; " + skipped + " too large to replay from the report")))
                  .replaceWith(
                      new PreparedReplay(
                          new ReplayAnswer(job.id, replayed, skipped, more), batches));
            });
  }

  /**
   * When the record was read, which its replay writes as {@code __ingested_at}. A record stored
   * before that was kept goes by when it failed, the closest bound known.
   */
  private static Instant readAt(FailedRecord record) {
    return record.extractedAt != null ? record.extractedAt : record.failedAt;
  }

  /** The stored payload as a resource, or null when it was cut at the cap or is not JSON. */
  private static ObjectNode complete(String payload) {
    if (payload == null || payload.length() >= RecordFailure.PAYLOAD_CAP) {
      return null;
    }
    try {
      JsonNode node = WireFormat.mapper().readTree(payload);
      return node instanceof ObjectNode object ? object : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static FailedRecordView view(FailedRecord r) {
    return new FailedRecordView(
        r.id,
        r.jobId,
        r.object,
        r.recordId,
        r.reason,
        r.payload,
        r.state,
        r.failedAt,
        r.replayedAt);
  }
}
