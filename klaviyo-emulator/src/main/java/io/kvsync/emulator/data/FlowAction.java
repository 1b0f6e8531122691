package io.kvsync.emulator.data;

import java.time.Instant;
import java.util.Map;

/**
 * A flow action; {@code definition} is the encoded definition (its {@code type} is the action
 * type), {@code status} mirrors {@code definition.data.status} where the type has one.
 */
public record FlowAction(
    String id,
    String flowId,
    String actionType,
    String status,
    Instant created,
    Instant updated,
    Map<String, Object> definition) {}
