package io.kvsync.emulator.data;

import java.time.Instant;
import java.util.Map;

/** A flow message of a send action. */
public record FlowMessage(
    String id,
    String actionId,
    String name,
    String channel,
    Instant created,
    Instant updated,
    String templateId,
    Map<String, Object> definition) {}
