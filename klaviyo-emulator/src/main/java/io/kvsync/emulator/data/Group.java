package io.kvsync.emulator.data;

import java.time.Instant;
import java.util.Map;

/**
 * A list or a segment: both hold profiles with a {@code joined_group_at}. Segment-only fields
 * ({@code definition}, {@code active}, {@code processing}, {@code starred}) are unused for lists;
 * {@code optInProcess} is unused for segments.
 */
public record Group(
    String id,
    String name,
    Instant created,
    Instant updated,
    String optInProcess,
    Map<String, Object> definition,
    boolean active,
    boolean processing,
    boolean starred) {

  public Group renamed(String newName, Instant when) {
    return new Group(
        id, newName, created, when, optInProcess, definition, active, processing, starred);
  }
}
