package io.kvsync.scheduler.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.SyncKind;
import io.kvsync.scheduler.pipeline.ObjectStatus;
import io.kvsync.scheduler.pipeline.PipelineObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobSettlementTest {

  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  private Job job;
  private JobObject events;
  private PipelineObject eventsObject;
  private List<Slice> slices;

  @BeforeEach
  void oneJobWithFourWindows() {
    job = new Job();
    job.id = UUID.randomUUID();
    job.trigger = JobTrigger.SCHEDULE;
    job.status = JobStatus.RUNNING;
    job.startedAt = T0.plus(Duration.ofDays(28));
    events = jobObject("event_v2", SyncKind.HISTORICAL);
    eventsObject = new PipelineObject();
    eventsObject.object = "event_v2";
    eventsObject.status = ObjectStatus.HISTORICAL_LOAD;
    slices = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Slice s = new Slice();
      s.id = UUID.randomUUID();
      s.jobId = job.id;
      s.jobObjectId = events.id;
      s.object = "event_v2";
      s.ordinal = i;
      s.kind = SyncKind.HISTORICAL;
      s.windowFrom = T0.plus(Duration.ofDays(7L * i));
      s.windowTo = T0.plus(Duration.ofDays(7L * (i + 1)));
      s.state = SliceState.ISSUED;
      s.attempt = 1;
      slices.add(s);
    }
  }

  private JobObject jobObject(String name, SyncKind kind) {
    JobObject o = new JobObject();
    o.id = UUID.randomUUID();
    o.jobId = job.id;
    o.object = name;
    o.kind = kind;
    o.status = JobObjectStatus.RUNNING;
    o.slicesTotal = 4;
    return o;
  }

  private JobSettlement.Outcome settle() {
    return JobSettlement.settle(job, List.of(events), slices, List.of(eventsObject), T0);
  }

  @Test
  void slicesLoadedOutOfOrderMoveTheCursorOnlyOverTheContiguousLoadedPrefix() {
    slices.get(1).state = SliceState.DONE;
    slices.get(3).state = SliceState.DONE;
    settle();
    assertNull(eventsObject.position, "the first window is not loaded yet");

    slices.get(0).state = SliceState.DONE;
    settle();
    assertEquals(slices.get(1).windowTo, eventsObject.position);
    assertEquals(3, events.slicesDone);
    assertEquals(JobObjectStatus.RUNNING, events.status);
    assertEquals(75.0, eventsObject.historicalProgressPct);

    slices.get(2).state = SliceState.DONE;
    JobSettlement.Outcome outcome = settle();
    assertEquals(slices.get(3).windowTo, eventsObject.position);
    assertTrue(outcome.jobFinished());
    assertEquals(JobStatus.SUCCEEDED, job.status);
    assertTrue(eventsObject.historicalDone);
    assertEquals(ObjectStatus.ACTIVE, eventsObject.status);
  }

  @Test
  void anExtractedButNotFullyLoadedSliceHoldsTheCursor() {
    slices.get(0).state = SliceState.EXTRACTED;
    slices.get(1).state = SliceState.DONE;
    settle();
    assertNull(eventsObject.position);
  }

  @Test
  void aFailedSliceFailsItsObjectAtOnceAndTheJobWhenNothingElseSucceeded() {
    slices.get(0).state = SliceState.DONE;
    slices.get(1).state = SliceState.FAILED;
    slices.get(1).error = "Klaviyo refused the API key (401)";
    JobSettlement.Outcome outcome = settle();
    assertTrue(outcome.jobFinished());
    assertEquals(JobObjectStatus.FAILED, events.status);
    assertEquals("Klaviyo refused the API key (401)", events.error);
    assertEquals(JobStatus.FAILED, job.status);
    assertEquals(slices.get(0).windowTo, eventsObject.position, "the loaded prefix is kept");
    assertFalse(eventsObject.historicalDone);
    assertEquals(ObjectStatus.FAILED, eventsObject.status);
    assertEquals(SliceState.FAILED, slices.get(3).state, "the rest is not issued in vain");
    assertEquals(null, slices.get(3).leaseExpiresAt);
  }

  @Test
  void aDeferredSliceDefersItsObjectAndTheJob() {
    slices.forEach(s -> s.state = SliceState.DONE);
    slices.get(3).state = SliceState.DEFERRED;
    settle();
    assertEquals(JobObjectStatus.DEFERRED, events.status);
    assertEquals(JobStatus.DEFERRED, job.status);
    assertEquals(ObjectStatus.DEFERRED, eventsObject.status);
    assertEquals(slices.get(2).windowTo, eventsObject.position);
  }

  @Test
  void oneFailedAndOneSucceededObjectMakeAPartialJob() {
    JobObject metrics = jobObject("metric_v2", SyncKind.FULL);
    Slice full = new Slice();
    full.id = UUID.randomUUID();
    full.jobObjectId = metrics.id;
    full.state = SliceState.DONE;
    slices.forEach(s -> s.state = SliceState.FAILED);
    List<Slice> all = new ArrayList<>(slices);
    all.add(full);
    PipelineObject metricsObject = new PipelineObject();
    metricsObject.object = "metric_v2";
    metricsObject.status = ObjectStatus.QUEUED;
    JobSettlement.Outcome outcome =
        JobSettlement.settle(
            job, List.of(events, metrics), all, List.of(eventsObject, metricsObject), T0);
    assertEquals(JobStatus.PARTIAL, job.status);
    assertEquals(List.of(metrics), outcome.newlySucceeded());
    assertEquals(job.startedAt, metricsObject.lastFullSyncAt);
  }

  @Test
  void aDerivedObjectEndsWithTheObjectWhoseResponsesCarryIt() {
    JobObject derived = jobObject("event_child_v2", SyncKind.HISTORICAL);
    derived.derivedFrom = "event_v2";
    derived.status = JobObjectStatus.QUEUED;
    slices.forEach(s -> s.state = SliceState.DONE);
    JobSettlement.settle(job, List.of(events, derived), slices, List.of(eventsObject), T0);
    assertEquals(JobObjectStatus.SUCCEEDED, derived.status);
    assertEquals(JobStatus.SUCCEEDED, job.status);
  }
}
