package io.kvsync.extractor.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvsync.common.catalogue.EndpointPlan;
import io.kvsync.common.catalogue.EndpointPlan.ParentSource;
import io.kvsync.common.catalogue.EndpointPlan.RecordSource;
import io.kvsync.common.catalogue.EndpointPlan.Response;
import io.kvsync.common.catalogue.LowerBound;
import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.common.contract.CursorWindow;
import io.kvsync.common.contract.ReadResume;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.SliceStatus;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.SyncKind;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.extractor.config.ExtractorConfig;
import io.kvsync.extractor.klaviyo.KlaviyoClient;
import io.kvsync.extractor.klaviyo.KlaviyoResponse;
import io.kvsync.extractor.klaviyo.SliceAbortedException;
import io.kvsync.extractor.klaviyo.SliceCalls;
import io.kvsync.extractor.metrics.ExtractorMetrics;
import io.kvsync.extractor.reads.ActiveRead;
import io.kvsync.extractor.reads.StopReason;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One read of a slice: pages through every listing of its object (variants × parents), turns each
 * page into batches (the object's own records and those of tables derived from the same answer) and
 * publishes them while the next page is read. Memory holds at most two pages; a page is read as a
 * stream of tokens, never as one tree of its records.
 *
 * <p>Between pages it asks its {@link ActiveRead} whether to stop: after {@code max-read-duration},
 * or on shutdown, it reports PARTIAL with where the next chunk resumes; on cancellation it reports
 * nothing. Either way every batch it read is confirmed first.
 */
final class SliceRun {

  private static final Logger LOG = Logger.getLogger(SliceRun.class);

  private final ActiveRead read;
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

  // Where the read is. A step at a time touches these (one page in flight), never two at once.
  private ReadListings listings;
  private int listingIndex;

  /** The page of the current listing to read next; null once that listing is finished. */
  private String nextPageUrl;

  private List<RecordBatch> pending = List.of();
  private int pagesRead;
  private ReadResult ended;

  SliceRun(
      ActiveRead read,
      ObjectDefinition definition,
      String apiKey,
      BatchSink sink,
      KlaviyoClient client,
      ExtractorConfig config,
      ExtractorMetrics metrics) {
    this.read = read;
    this.command = read.command();
    this.definition = definition;
    this.plan = definition.plan();
    this.sink = sink;
    this.client = client;
    this.config = config;
    this.metrics = metrics;
    // Per read: two deliveries of one command each have their own share of the budgets.
    this.calls =
        new SliceCalls(
            read.readId(),
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
    if (command.resume() != null) {
      progress.continueFrom(command.resume());
    }
    this.oversize = new OversizeRecords(config.oversizeRecordBytes());
    this.derivedTables = ObjectCatalogue.derivedFrom(definition.table());
  }

  Uni<ReadResult> run() {
    ReadResume resume = command.resume();
    LOG.infof(
        "Slice %s: %s %s (%s, attempt %d, window %s, read %s%s)",
        command.commandId(),
        resume == null ? "reading" : "resuming",
        definition.table(),
        command.kind(),
        command.attempt(),
        window,
        read.readId(),
        resume == null ? "" : ", at listing " + resume.listing());
    if (resume != null && resume.nextUrl() != null) {
      // Checked before any request, parents included: the key never goes where a resume says.
      Optional<String> refusal = client.refusalOf(resume.nextUrl());
      if (refusal.isPresent()) {
        return Uni.createFrom()
            .item(
                aborted(SliceAbortedException.failed("The resume's next page: " + refusal.get())));
      }
    }
    Uni<ReadListings> enumerated =
        plan.isPerParent()
            ? parentIds().map(ids -> ReadListings.of(plan, ids))
            : Uni.createFrom().item(ReadListings.of(plan, null));
    return untilUrgentStop(enumerated)
        .onItem()
        .transformToUni(all -> all == null ? Uni.createFrom().item(stopped()) : readAll(all))
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
    Uni<ReadListings> parentListings =
        parentPlan.isPerParent()
            ? enumerate(parentPlan.parent()).map(ids -> ReadListings.of(parentPlan, ids))
            : Uni.createFrom().item(ReadListings.of(parentPlan, null));
    return parentListings
        .onItem()
        .transformToMulti(all -> Multi.createFrom().iterable(all.all()))
        .onItem()
        .transformToMultiAndConcatenate(listing -> answers(parentPlan, listing))
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
    for (JsonNode resource : JsonApi.data(answer.tree())) {
      String type = resource.path("attributes").path("definition").path("type").asText(null);
      if (parent.definitionTypes().isEmpty() || parent.definitionTypes().contains(type)) {
        ids.add(resource.path("id").asText());
      }
    }
    return ids;
  }

  /** Every answer of one parent listing, page by page (read on demand, one at a time). */
  private Multi<KlaviyoResponse> answers(EndpointPlan parentPlan, Listing listing) {
    String[] next = {ListingRequests.firstUrl(client.baseUrl(), parentPlan, listing, List.of())};
    return Multi.createBy()
        .repeating()
        .uni(
            () -> next,
            url ->
                client
                    .get(url[0], parentPlan.tier(), calls, absenceAllowed(parentPlan, listing))
                    .invoke(answer -> url[0] = answer.nextUrl()))
        .whilst(answer -> answer.nextUrl() != null);
  }

  // ---- paging ----------------------------------------------------------------------------------

  /** Reads from where this chunk starts to the end of the last listing, or until it must stop. */
  private Uni<ReadResult> readAll(ReadListings all) {
    listings = all;
    if (listings.size() == 0) {
      return Uni.createFrom().item(finish(SliceStatus.COMPLETED, null, null));
    }
    startAt(command.resume());
    return Multi.createBy()
        .repeating()
        .uni(() -> this, SliceRun::step)
        .whilst(run -> run.ended == null)
        .collect()
        .last()
        .map(run -> run.ended);
  }

  /** Continues where the resume says when it still fits the listings, else from the start. */
  private void startAt(ReadResume resume) {
    if (resume != null) {
      String mismatch = listings.mismatch(resume);
      if (mismatch == null) {
        listingIndex = resume.listing();
        nextPageUrl = resume.nextUrl();
        return;
      }
      LOG.warnf(
          "Slice %s: the resume at listing %d does not fit the listings as enumerated now (%s);"
              + " reading from the first listing again",
          command.commandId(), resume.listing(), mismatch);
    }
    listingIndex = 0;
    nextPageUrl = firstUrl(listings.get(0));
  }

  /**
   * One page boundary: publishes the page read last while the next one is read, unless the read is
   * over or must stop here. Both finish before the next step, so when the read ends every batch it
   * counted is confirmed.
   */
  private Uni<SliceRun> step() {
    Uni<Void> publishPending = publish(pending);
    pending = List.of();
    StopReason stop = stopHere();
    boolean finished = nextPageUrl == null && listingIndex == listings.size() - 1;
    if (stop != null || finished) {
      return publishPending.map(
          ignored -> {
            // Nothing left to read: COMPLETED, unless the job was cancelled.
            ended =
                stop == StopReason.CANCELLED || !finished
                    ? stopped()
                    : finish(SliceStatus.COMPLETED, null, null);
            return this;
          });
    }
    if (nextPageUrl == null) {
      listingIndex++;
      nextPageUrl = firstUrl(listings.get(listingIndex));
    }
    Listing listing = listings.get(listingIndex);
    String url = nextPageUrl;
    Uni<KlaviyoResponse> fetch =
        untilUrgentStop(client.get(url, plan.tier(), calls, absenceAllowed(plan, listing)));
    return Uni.combine()
        .all()
        .unis(publishPending, fetch)
        .collectFailures()
        .with(
            (ignored, answer) -> {
              if (answer == null) {
                // Stopped while the page was in flight: it is still unread, the resume says so.
                ended = stopped();
                return this;
              }
              if (url.equals(answer.nextUrl())) {
                // A cursor that points at its own page would page forever.
                throw SliceAbortedException.failed(
                    "Klaviyo's links.next repeats the page just read on "
                        + definition.table()
                        + "; stopped instead of looping");
              }
              pending = batchesOf(answer, listing);
              nextPageUrl = answer.nextUrl();
              pagesRead++;
              return this;
            });
  }

  /** Why to stop at this boundary; a chunk reads at least a page, so that every chunk advances. */
  private StopReason stopHere() {
    StopReason reason = read.stopRequested();
    return reason == StopReason.READ_DURATION && pagesRead == 0 ? null : reason;
  }

  /** {@code work}'s item, or null when the read is asked to stop urgently first. */
  private <T> Uni<T> untilUrgentStop(Uni<T> work) {
    Uni<T> stopped = read.urgentStop().map(reason -> null);
    return Uni.combine().any().of(work, stopped);
  }

  private static boolean absenceAllowed(EndpointPlan readPlan, Listing listing) {
    return readPlan.response() == Response.OPTIONAL_SINGLE || listing.parentId() != null;
  }

  private String firstUrl(Listing listing) {
    List<String> windowTerms =
        ListingRequests.windowTerms(
            plan, definition.cursorField(), window, config.klaviyo().overlap());
    return ListingRequests.firstUrl(client.baseUrl(), plan, listing, windowTerms);
  }

  // ---- records and batches ---------------------------------------------------------------------

  private List<RecordBatch> batchesOf(KlaviyoResponse answer, Listing listing) {
    if (answer.isAbsent()) {
      return List.of();
    }
    // Pages of resources that may be large are read as a stream; answers that other tables are
    // derived from hold small resources and are read as one tree.
    JsonNode document =
        plan.records() == RecordSource.DERIVED || !derivedTables.isEmpty() ? answer.tree() : null;
    List<PageRecord> own =
        document == null
            ? new StreamedResources(listing.variant().context(), definition.cursorField(), oversize)
                .read(answer)
            : fromTree(
                plan.records() == RecordSource.DERIVED
                    ? DerivedRecords.forTable(definition.table()).from(document)
                    : resources(document, listing),
                answer);
    if (plan.parent() != null) {
      String parentType = ObjectCatalogue.get(plan.parent().table()).plan().resourceType();
      own.forEach(
          read ->
              JsonApi.relate(
                  read.record(), plan.parent().relationship(), parentType, listing.parentId()));
    }
    List<RecordBatch> batches = new ArrayList<>(1 + derivedTables.size());
    addBatches(batches, definition.table(), own, answer, definition.cursorField() != null);
    for (ObjectDefinition derived : derivedTables) {
      List<ObjectNode> derivedRecords = DerivedRecords.forTable(derived.table()).from(document);
      addBatches(batches, derived.table(), fromTree(derivedRecords, answer), answer, false);
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

  /** Records built as trees, with their sizes and cursors. */
  private List<PageRecord> fromTree(List<ObjectNode> trees, KlaviyoResponse answer) {
    List<PageRecord> read = new ArrayList<>(trees.size());
    for (ObjectNode record : oversize.guard(trees, answer.bodyBytes())) {
      JsonNode cursor =
          definition.cursorField() == null
              ? null
              : record.path("attributes").path(definition.cursorField());
      read.add(
          new PageRecord(
              record,
              cursor != null && cursor.isTextual() ? cursor.asText() : null,
              WireFormat.encode(record).length));
    }
    return read;
  }

  /**
   * The table's records of one answer as batches: a batch ends before the record that would take it
   * over the batch byte budget (a record larger than the budget travels alone), so every message
   * stays well within the bus limit.
   */
  private void addBatches(
      List<RecordBatch> batches,
      String table,
      List<PageRecord> tableRecords,
      KlaviyoResponse answer,
      boolean movesCursor) {
    for (List<PageRecord> batch :
        BatchCuts.cut(tableRecords, config.extraction().batchMaxBytes())) {
      List<ObjectNode> batchRecords = new ArrayList<>(batch.size());
      Instant cursorHigh = null;
      for (PageRecord read : batch) {
        batchRecords.add(read.record());
        if (movesCursor) {
          Instant value = cursorValue(read);
          progress.observe(value);
          if (value != null && (cursorHigh == null || value.isAfter(cursorHigh))) {
            cursorHigh = value;
          }
        }
      }
      addBatch(batches, table, batchRecords, answer, cursorHigh);
    }
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
            read.readId(),
            seq.getAndIncrement(),
            answer.readAt(),
            cursorHigh,
            command.destination(),
            tableRecords));
    records.addAndGet(tableRecords.size());
  }

  private Instant cursorValue(PageRecord read) {
    if (read.cursorText() == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(read.cursorText()).toInstant();
    } catch (DateTimeParseException e) {
      LOG.warnf(
          "%s %s has an unreadable %s '%s'; it does not move the cursor",
          definition.table(),
          read.record().path("id").asText(),
          definition.cursorField(),
          read.cursorText());
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
              .invoke(
                  () -> {
                    metrics.batchPublished(batch.object(), batch.records().size());
                    read.published(batch);
                  }));
    }
    return Uni.join().all(confirmed).andCollectFailures().replaceWithVoid();
  }

  // ---- outcome ---------------------------------------------------------------------------------

  /** Stopping early: nothing for a cancelled job, else PARTIAL with where the next chunk starts. */
  private ReadResult stopped() {
    StopReason reason = read.stopRequested();
    if (reason == StopReason.CANCELLED) {
      LOG.infof(
          "Slice %s: its job was cancelled; stopped after %d batches, no outcome",
          command.commandId(), seq.get());
      return new ReadResult.Cancelled();
    }
    if (pagesRead == 0) {
      // Only a shutdown stops a read before its first page (the duration bound waits for one).
      LOG.infof(
          "Slice %s: shutting down before its first page; the command returns to the queue",
          command.commandId());
      return new ReadResult.Released();
    }
    return finish(
        SliceStatus.PARTIAL, null, listings.resumeAt(listingIndex, nextPageUrl, progress));
  }

  private ReadResult aborted(SliceAbortedException abort) {
    if (abort.isDeferred()) {
      LOG.warnf("Slice %s deferred: %s", command.commandId(), abort.getMessage());
      return finish(SliceStatus.DEFERRED, abort.getMessage(), null);
    }
    LOG.errorf("Slice %s failed: %s", command.commandId(), abort.getMessage());
    return finish(SliceStatus.FAILED, abort.getMessage(), null);
  }

  private ReadResult finish(SliceStatus status, String error, ReadResume resume) {
    Instant cursorEnd =
        switch (status) {
          case COMPLETED -> definition.cursorField() == null ? null : progress.completedPosition();
          // A chunk or a deferred read claims only what it provably read in order.
          case PARTIAL, DEFERRED ->
              definition.cursorField() == null ? null : progress.deferredPosition();
          case FAILED -> null;
        };
    Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
    metrics.sliceFinished(definition.table(), status, took);
    LOG.infof(
        "Slice %s: %s %s with %d batches, %d records in %d ms (cursor end %s%s)",
        command.commandId(),
        definition.table(),
        status,
        seq.get(),
        records.get(),
        took.toMillis(),
        cursorEnd,
        resume == null ? "" : ", resume at listing " + resume.listing());
    return new ReadResult.Reported(
        read.outcome(status, seq.get(), records.get(), cursorEnd, error, resume));
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
