package io.kvsync.emulator.api.paging;

import java.util.List;

/** One page of items and, when more follow, the position to continue after. */
public record Page<T>(List<T> items, Position next) {}
