package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * The part of an object one slice reads: {@code from <= field < to}. A null bound is open.
 *
 * @param field the cursor attribute, e.g. {@code datetime} or {@code updated}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CursorWindow(String field, Instant from, Instant to) {}
