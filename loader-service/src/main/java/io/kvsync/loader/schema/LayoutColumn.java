package io.kvsync.loader.schema;

import io.kvsync.common.rows.ColumnType;

/**
 * A column a batch writes.
 *
 * @param source the source name the column holds
 * @param type the column's type once the batch's schema changes are applied
 */
public record LayoutColumn(String source, String column, ColumnType type) {}
