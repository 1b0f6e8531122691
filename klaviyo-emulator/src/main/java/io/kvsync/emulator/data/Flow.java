package io.kvsync.emulator.data;

import java.time.Instant;

/** A flow. */
public record Flow(
    String id,
    String name,
    String status,
    boolean archived,
    Instant created,
    Instant updated,
    String triggerType) {

  public Flow edited(String newName, String newStatus, Boolean newArchived, Instant when) {
    return new Flow(
        id,
        newName == null ? name : newName,
        newStatus == null ? status : newStatus,
        newArchived == null ? archived : newArchived,
        created,
        when,
        triggerType);
  }
}
