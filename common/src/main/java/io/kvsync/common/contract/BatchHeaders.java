package io.kvsync.common.contract;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A batch's {@link BatchRef} as AMQP headers, so that a loader can still report a batch whose body
 * it cannot decode, instead of leaving its slice waiting.
 */
public final class BatchHeaders {

  static final String BATCH_ID = "kvsync-batch-id";
  static final String COMMAND_ID = "kvsync-command-id";
  static final String JOB_ID = "kvsync-job-id";
  static final String PIPELINE_ID = "kvsync-pipeline-id";
  static final String OBJECT = "kvsync-object";
  static final String ATTEMPT = "kvsync-attempt";
  static final String READ_ID = "kvsync-read-id";
  static final String SEQ = "kvsync-seq";

  private BatchHeaders() {}

  public static Map<String, Object> of(BatchRef ref) {
    Map<String, Object> headers = new HashMap<>();
    headers.put(BATCH_ID, String.valueOf(ref.batchId()));
    headers.put(COMMAND_ID, String.valueOf(ref.commandId()));
    headers.put(JOB_ID, String.valueOf(ref.jobId()));
    headers.put(PIPELINE_ID, String.valueOf(ref.pipelineId()));
    headers.put(OBJECT, ref.object());
    headers.put(ATTEMPT, String.valueOf(ref.attempt()));
    headers.put(READ_ID, String.valueOf(ref.readId()));
    headers.put(SEQ, String.valueOf(ref.seq()));
    return headers;
  }

  /**
   * Reads the reference back from a message's headers (values may arrive as the broker client's own
   * string type: only their text is used).
   *
   * @return empty when the headers do not name a batch completely
   */
  public static Optional<BatchRef> read(Map<String, ?> headers) {
    if (headers == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new BatchRef(
              uuid(headers, BATCH_ID),
              uuid(headers, COMMAND_ID),
              uuid(headers, JOB_ID),
              uuid(headers, PIPELINE_ID),
              text(headers, OBJECT),
              Integer.parseInt(text(headers, ATTEMPT)),
              uuid(headers, READ_ID),
              Integer.parseInt(text(headers, SEQ))));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String text(Map<String, ?> headers, String name) {
    Object value = headers.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no header " + name);
    }
    return value.toString();
  }

  private static UUID uuid(Map<String, ?> headers, String name) {
    String value = text(headers, name);
    return "null".equals(value) ? null : UUID.fromString(value);
  }
}
