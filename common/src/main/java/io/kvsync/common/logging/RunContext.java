package io.kvsync.common.logging;

import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * Tags the log lines written while a message of a run is handled with the run's pipeline, job and
 * object, so that JSON logs of every service can be filtered down to one run.
 */
public final class RunContext {

  public static final String PIPELINE_ID = "pipeline_id";
  public static final String JOB_ID = "job_id";
  public static final String OBJECT = "object";

  private RunContext() {}

  public static void enter(UUID pipelineId, UUID jobId, String object) {
    put(PIPELINE_ID, pipelineId == null ? null : pipelineId.toString());
    put(JOB_ID, jobId == null ? null : jobId.toString());
    put(OBJECT, object);
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
