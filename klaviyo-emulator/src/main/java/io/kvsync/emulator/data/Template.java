package io.kvsync.emulator.data;

import java.time.Instant;

/** A template. */
public record Template(
    String id,
    String name,
    String editorType,
    String html,
    String text,
    Instant created,
    Instant updated) {}
