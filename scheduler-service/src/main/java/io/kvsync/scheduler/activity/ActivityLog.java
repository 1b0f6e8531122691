package io.kvsync.scheduler.activity;

import io.kvsync.scheduler.activity.ActivityEntry.Severity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.UUID;

/**
 * Writes the activity log within the caller's transaction, so an entry exists exactly when what it
 * describes was committed. Entries never carry secrets: callers pass masked values only.
 */
@ApplicationScoped
public class ActivityLog {

  public static final String SYSTEM_ACTOR = "scheduler";

  @Inject Clock clock;

  public Uni<Void> record(
      String actor, Severity severity, String action, UUID pipelineId, String detail) {
    ActivityEntry entry = new ActivityEntry();
    entry.id = UUID.randomUUID();
    entry.at = clock.instant();
    entry.actor = actor;
    entry.severity = severity;
    entry.action = action;
    entry.pipelineId = pipelineId;
    entry.detail = detail;
    return entry.persist().replaceWithVoid();
  }

  public Uni<Void> info(String actor, String action, UUID pipelineId, String detail) {
    return record(actor, Severity.INFO, action, pipelineId, detail);
  }
}
