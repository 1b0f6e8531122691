package io.kvsync.emulator.api.json;

import java.util.Set;

/** A sparse fieldset ({@code fields[type]=a,b.c}); {@link #ALL} when the request names none. */
public final class FieldSelection {

  public static final FieldSelection ALL = new FieldSelection(null);

  /** Whether a field is written whole, partly (only some of its children), or not at all. */
  public enum Coverage {
    WHOLE,
    PART,
    NONE
  }

  private final Set<String> paths;

  private FieldSelection(Set<String> paths) {
    this.paths = paths;
  }

  public static FieldSelection of(Set<String> paths) {
    return new FieldSelection(Set.copyOf(paths));
  }

  public boolean everything() {
    return paths == null;
  }

  public Coverage coverage(String path) {
    if (paths == null) {
      return Coverage.WHOLE;
    }
    Coverage coverage = Coverage.NONE;
    for (String selected : paths) {
      if (selected.equals(path) || path.startsWith(selected + ".")) {
        return Coverage.WHOLE;
      }
      if (selected.startsWith(path + ".")) {
        coverage = Coverage.PART;
      }
    }
    return coverage;
  }
}
