package io.kvsync.common.rows;

import java.util.List;

/**
 * A JSON:API resource turned into column values, before the destination's column names and types
 * are known.
 *
 * @param recordId the resource's {@code id}, or null when it has none
 * @param fields key first, then relationship ids, then attributes, in source order
 */
public record MappedRecord(String recordId, List<Field> fields) {}
