package io.kvsync.scheduler.schedule;

import io.kvsync.scheduler.config.SchedulerConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Skips the automatic tick where configuration turns it off (tests drive the tick themselves). */
@Singleton
public class ScheduleDisabled implements Scheduled.SkipPredicate {

  @Inject SchedulerConfig config;

  @Override
  public boolean test(ScheduledExecution execution) {
    return !config.schedule().enabled();
  }
}
