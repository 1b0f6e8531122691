package io.kvsync.extractor.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.catalogue.EndpointPlan;
import io.kvsync.common.catalogue.EndpointPlan.ListingVariant;
import io.kvsync.common.catalogue.EndpointPlan.ParentSource;
import io.kvsync.common.catalogue.EndpointPlan.RecordSource;
import io.kvsync.common.catalogue.EndpointPlan.Response;
import io.kvsync.common.catalogue.LowerBound;
import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.common.contract.CursorWindow;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SliceExtracted;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.SyncKind;
import io.kvsync.extractor.config.ExtractorConfig;
import io.kvsync.extractor.klaviyo.KlaviyoClient;
import io.kvsync.extractor.klaviyo.KlaviyoResponse;
import io.kvsync.extractor.klaviyo.SliceAbortedException;
import io.kvsync.extractor.klaviyo.SliceCalls;
import io.kvsync.extractor.metrics.ExtractorMetrics;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One slice being read: pages through every listing of its object (variants × parents), turns each
 * page into batches (the object's own records and those of tables derived from the same answer) and
 * publishes them while the next page is read. Memory holds at most two pages.
 */
final class SliceRun {

  private static final Logger LOG = Logger.getLogger(SliceRun.class);

  private final SyncCommand command;
  private final ObjectDefinition definition;
  private final EndpointPlan plan;
  private final BatchSink sink;
  private final KlaviyoClient client;
  private final ExtractorConfig config;
  private final ExtractorMetrics metrics;
  private final SliceCalls calls;
  private final CursorWindow window;
  private final CursorProgress progress;
  private final OversizeRecords oversize;
  private final List<ObjectDefinition> derivedTables;
  private final AtomicInteger seq = new AtomicInteger();
  private final AtomicLong records = new AtomicLong();
  private final long startedNanos = System.nanoTime();

  SliceRun(
      SyncCommand command,
      ObjectDefinition definition,
      String apiKey,
      BatchSink sink,
      KlaviyoClient client,
      ExtractorConfig config,
      ExtractorMetrics metrics) {
    this.command = command;
    this.definition = definition;
    this.plan = definition.plan();
    this.sink = sink;
    this.client = client;
    this.config = config;
    this.metrics = metrics;
    UUID sliceId = command.commandId() != null ? command.commandId() : UUID.randomUUID();
    this.calls =
        new SliceCalls(
            sliceId,
            apiKey,
            command.rateShare(),
            Duration.ofSeconds(
                command.timeBudgetSeconds() > 0 ? command.timeBudgetSeconds() : 600));
    // A full read (weekly membership re-sync, full-load objects) ignores any window.
    this.window =
        command.kind() == SyncKind.FULL || plan.lowerBound() == LowerBound.NONE
            ? null
            : command.window();
    boolean boundsWindow = window != null && window.to() != null && plan.upperBounded();
    boolean orderClaimable =
        definition.cursorField() != null
            && definition.cursorField().equals(plan.sortField())
            && !plan.isPerParent()
            && plan.variants().size() == 1;
    this.progress =
        new CursorProgress(window, command.syncStartedAt(), boundsWindow, orderClaimable);
    this.oversize = new OversizeRecords(config.oversizeRecordBytes());
    this.derivedTables = ObjectCatalogue.derivedFrom(definition.table());
  }

  Uni<SliceExtracted> run() {
    LOG.infof(
        "Slice %s: reading %s (%s, attempt %d, window %s)",
        command.commandId(), definition.table(), command.kind(), command.attempt(), window);
    Uni<List<Listing>> listings =
        plan.isPerParent()
            ? parentIds().map(ids -> listingsFor(plan, ids))
            : Uni.createFrom().item(listingsFor(plan, null));
    return listings
        .onItem()
        .transformToMulti(Multi.createFrom()::iterable)
        .onItem()
        .transformToUniAndConcatenate(this::publishListing)
        .collect()
        .last()
        .map(ignored -> finish(SliceStatus.COMPLETED, null))
        .onFailure(SliceRun::isAbort)
        .recoverWithItem(failure -> aborted(abortOf(failure)))
        .eventually(() -> client.sliceFinished(calls));
  }

  // ---- parents -------------------------------------------------------------------------------

  private Uni<List<String>> parentIds() {
    if (command.parentIds() != null && !command.parentIds().isEmpty()) {
      return Uni.createFrom().item(command.parentIds());
    }
    return enumerate(plan.parent());
  }

  /** Reads the parent table whole (every variant, no window) and keeps the ids that qualify. */
  private Uni<List<String>> enumerate(ParentSource parent) {
    EndpointPlan parentPlan = ObjectCatalogue.get(parent.table()).plan();
    Uni<List<Listing>> parentListings =
        parentPlan.isPerParent()
            ? enumerate(parentPlan.parent()).map(ids -> listingsFor(parentPlan, ids))
            : Uni.createFrom().item(listingsFor(parentPlan, null));
    return parentListings
        .onItem()
        .transformToMulti(Multi.createFrom()::iterable)
        .onItem()
        .transformToMultiAndConcatenate(listing -> answers(parentPlan, listing, List.of()))
        .onItem()
        .transformToIterable(answer -> qualifyingIds(answer, parent))
        .collect()
        .asList();
  }

  private static List<String> qualifyingIds(KlaviyoResponse answer, ParentSource parent) {
    if (answer.isAbsent()) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode resource : JsonApi.data(answer.body())) {
      String type = resource.path("attributes").path("definition").path("type").asText(null);
      if (parent.definitionTypes().isEmpty() || parent.definitionTypes().contains(type)) {
        ids.add(resource.path("id").asText());
      }
    }
    return ids;
  }

  private static List<Listing> listingsFor(EndpointPlan plan, List<String> parentIds) {
    List<Listing> listings = new ArrayList<>();
    List<String> parents =
        parentIds == null ? java.util.Collections.singletonList(null) : parentIds;
    for (String parentId : parents) {
      for (ListingVariant variant : plan.variants()) {
        listings.add(new Listing(variant, parentId));
      }
    }
    return listings;
  }

  // ---- paging ----------------------------------------------------------------------------------

  /** Every answer of one listing, page by page (read on demand, one at a time). */
  private Multi<KlaviyoResponse> answers(
      EndpointPlan readPlan, Listing listing, List<String> windowTerms) {
    boolean absenceAllowed =
        readPlan.response() == Response.OPTIONAL_SINGLE || listing.parentId() != null;
    String[] next = {firstUrl(readPlan, listing, windowTerms)};
    return Multi.createBy()
        .repeating()
        .uni(
            () -> next,
            url ->
                client
                    .get(url[0], readPlan.tier(), calls, absenceAllowed)
                    .invoke(answer -> url[0] = answer.nextUrl()))
        .whilst(answer -> answer.nextUrl() != null);
  }

  /**
   * Pages through one listing, publishing page n while page n+1 is read. Both finish before the
   * next step, so when the slice stops every batch it counted is confirmed.
   */
  private Uni<Void> publishListing(Listing listing) {
    Pager pager = new Pager(firstUrl(plan, listing, windowTerms()));
    boolean absenceAllowed =
        plan.response() == Response.OPTIONAL_SINGLE || listing.parentId() != null;
    return Multi.createBy()
        .repeating()
        .uni(() -> pager, p -> step(p, listing, absenceAllowed))
        .whilst(p -> !p.done)
        .collect()
        .last()
        .replaceWithVoid();
  }

  private Uni<Pager> step(Pager pager, Listing listing, boolean absenceAllowed) {
    Uni<Void> publishPending = publish(pager.pending);
    pager.pending = List.of();
    if (pager.nextUrl == null) {
      return publishPending.map(
          ignored -> {
            pager.done = true;
            return pager;
          });
    }
    Uni<KlaviyoResponse> fetch = client.get(pager.nextUrl, plan.tier(), calls, absenceAllowed);
    return Uni.combine()
        .all()
        .unis(publishPending, fetch)
        .collectFailures()
        .asTuple()
        .map(
            both -> {
              KlaviyoResponse answer = both.getItem2();
              if (pager.nextUrl.equals(answer.nextUrl())) {
                // A cursor that points at its own page would page forever.
                throw SliceAbortedException.failed(
                    "Klaviyo's links.next repeats the page just read on "
                        + definition.table()
                        + "; stopped instead of looping");
              }
              pager.pending = batchesOf(answer, listing);
              pager.nextUrl = answer.nextUrl();
              return pager;
            });
  }

  private static final class Pager {
    String nextUrl;
    List<RecordBatch> pending = List.of();
    boolean done;

    Pager(String firstUrl) {
      this.nextUrl = firstUrl;
    }
  }

  private List<String> windowTerms() {
    return ListingRequests.windowTerms(
        plan, definition.cursorField(), window, config.klaviyo().overlap());
  }

  private String firstUrl(EndpointPlan readPlan, Listing listing, List<String> windowTerms) {
    return ListingRequests.firstUrl(client.baseUrl(), readPlan, listing, windowTerms);
  }

  // ---- records and batches ---------------------------------------------------------------------

  private List<RecordBatch> batchesOf(KlaviyoResponse answer, Listing listing) {
    if (answer.isAbsent()) {
      return List.of();
    }
    JsonNode document = answer.body();
    List<RecordBatch> batches = new ArrayList<>(1 + derivedTables.size());
    List<ObjectNode> own =
        plan.records() == RecordSource.DERIVED
            ? DerivedRecords.forTable(definition.table()).from(document)
            : resources(document, listing);
    if (plan.parent() != null) {
      String parentType = ObjectCatalogue.get(plan.parent().table()).plan().resourceType();
      own.forEach(
          record ->
              JsonApi.relate(record, plan.parent().relationship(), parentType, listing.parentId()));
    }
    Instant cursorHigh = null;
    if (definition.cursorField() != null) {
      for (ObjectNode record : own) {
        Instant value = cursorValue(record);
        progress.observe(value);
        if (value != null && (cursorHigh == null || value.isAfter(cursorHigh))) {
          cursorHigh = value;
        }
      }
    }
    addBatch(batches, definition.table(), own, answer, cursorHigh);
    for (ObjectDefinition derived : derivedTables) {
      List<ObjectNode> derivedRecords = DerivedRecords.forTable(derived.table()).from(document);
      addBatch(batches, derived.table(), derivedRecords, answer, null);
    }
    return batches;
  }

  /** The answer's resources as they are, plus what the listing implies but the API omits. */
  private static List<ObjectNode> resources(JsonNode document, Listing listing) {
    List<ObjectNode> records = new ArrayList<>();
    for (JsonNode resource : JsonApi.data(document)) {
      ObjectNode record = JsonApi.asRecord(resource);
      ObjectNode attributes = JsonApi.attributes(record);
      listing
          .variant()
          .context()
          .forEach(
              (name, value) -> {
                if (!attributes.has(name)) {
                  attributes.put(name, value);
                }
              });
      records.add(record);
    }
    return records;
  }

  private void addBatch(
      List<RecordBatch> batches,
      String table,
      List<ObjectNode> tableRecords,
      KlaviyoResponse answer,
      Instant cursorHigh) {
    if (tableRecords.isEmpty()) {
      return;
    }
    batches.add(
        new RecordBatch(
            RecordBatch.SCHEMA_VERSION,
            UUID.randomUUID(),
            command.commandId(),
            command.jobId(),
            command.pipelineId(),
            table,
            command.attempt(),
            seq.getAndIncrement(),
            answer.readAt(),
            cursorHigh,
            command.destination(),
            oversize.guard(tableRecords, answer.bodyBytes())));
    records.addAndGet(tableRecords.size());
  }

  private Instant cursorValue(ObjectNode record) {
    JsonNode value = record.path("attributes").path(definition.cursorField());
    if (!value.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.asText()).toInstant();
    } catch (DateTimeParseException e) {
      LOG.warnf(
          "%s %s has an unreadable %s '%s'; it does not move the cursor",
          definition.table(), record.path("id").asText(), definition.cursorField(), value.asText());
      return null;
    }
  }

  private Uni<Void> publish(List<RecordBatch> batches) {
    if (batches.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Uni<Void>> confirmed = new ArrayList<>(batches.size());
    for (RecordBatch batch : batches) {
      confirmed.add(
          sink.publish(batch)
              .invoke(() -> metrics.batchPublished(batch.object(), batch.records().size())));
    }
    return Uni.join().all(confirmed).andCollectFailures().replaceWithVoid();
  }

  // ---- outcome ---------------------------------------------------------------------------------

  private SliceExtracted aborted(SliceAbortedException abort) {
    if (abort.isDeferred()) {
      LOG.warnf("Slice %s deferred: %s", command.commandId(), abort.getMessage());
      return finish(SliceStatus.DEFERRED, abort.getMessage());
    }
    LOG.errorf("Slice %s failed: %s", command.commandId(), abort.getMessage());
    return finish(SliceStatus.FAILED, abort.getMessage());
  }

  private SliceExtracted finish(SliceStatus status, String error) {
    Instant cursorEnd =
        switch (status) {
          case COMPLETED -> definition.cursorField() == null ? null : progress.completedPosition();
          case DEFERRED -> definition.cursorField() == null ? null : progress.deferredPosition();
          case FAILED -> null;
        };
    Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
    metrics.sliceFinished(definition.table(), status, took);
    LOG.infof(
        "Slice %s: %s %s with %d batches, %d records in %d ms (cursor end %s)",
        command.commandId(),
        definition.table(),
        status,
        seq.get(),
        records.get(),
        took.toMillis(),
        cursorEnd);
    return new SliceExtracted(
        SliceExtracted.SCHEMA_VERSION,
        command.commandId(),
        command.jobId(),
        command.pipelineId(),
        command.object(),
        command.attempt(),
        status,
        seq.get(),
        records.get(),
        cursorEnd,
        error);
  }

  /** An abort, alone or beside a publish failure (the publish failure wins: it is not ours). */
  private static boolean isAbort(Throwable failure) {
    if (failure instanceof SliceAbortedException) {
      return true;
    }
    if (failure instanceof CompositeException composite) {
      return composite.getCauses().stream().allMatch(c -> c instanceof SliceAbortedException);
    }
    return false;
  }

  private static SliceAbortedException abortOf(Throwable failure) {
    if (failure instanceof CompositeException composite) {
      return (SliceAbortedException) composite.getCauses().get(0);
    }
    return (SliceAbortedException) failure;
  }
}
