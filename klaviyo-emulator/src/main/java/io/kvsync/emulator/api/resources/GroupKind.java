package io.kvsync.emulator.api.resources;

import io.kvsync.emulator.api.json.AttributeWriter;
import io.kvsync.emulator.api.json.RelationshipWriter;
import io.kvsync.emulator.api.json.ResourceKind;
import io.kvsync.emulator.api.json.Timestamps;
import io.kvsync.emulator.data.Group;
import java.io.IOException;
import java.util.function.ToIntFunction;

/** {@code type "list"} or {@code "segment"}; profile_count only when asked for. */
public final class GroupKind implements ResourceKind<Group> {

  private final boolean segment;
  private final ToIntFunction<String> profileCount;

  /**
   * @param profileCount members of a group by id, or null when not asked for
   */
  public GroupKind(boolean segment, ToIntFunction<String> profileCount) {
    this.segment = segment;
    this.profileCount = profileCount;
  }

  public static final GroupKind LIST = new GroupKind(false, null);
  public static final GroupKind SEGMENT = new GroupKind(true, null);

  @Override
  public String type() {
    return segment ? "segment" : "list";
  }

  @Override
  public String collection() {
    return segment ? "segments" : "lists";
  }

  @Override
  public String id(Group item) {
    return item.id();
  }

  @Override
  public void attributes(Group g, AttributeWriter out) throws IOException {
    if (profileCount != null) {
      out.number("profile_count", profileCount.applyAsInt(g.id()));
    }
    out.string("name", g.name());
    if (segment) {
      out.json("definition", g.definition());
    }
    out.instant("created", g.created());
    out.instant("updated", g.updated());
    if (segment) {
      out.bool("is_active", g.active());
      out.bool("is_processing", g.processing());
      out.bool("is_starred", g.starred());
    } else {
      out.string("opt_in_process", g.optInProcess());
    }
  }

  @Override
  public void relationships(Group g, RelationshipWriter out) throws IOException {
    out.emptyToMany("profiles");
    out.emptyToMany("tags");
    out.emptyToMany("flow-triggers");
  }

  public static Object filterValue(Group g, String field) {
    return switch (field) {
      case "id" -> g.id();
      case "name" -> g.name();
      case "created" -> g.created();
      case "updated" -> g.updated();
      case "is_active" -> g.active();
      case "is_starred" -> g.starred();
      default -> null;
    };
  }

  public static String sortKey(Group g, String field) {
    return switch (field) {
      case "created" -> Timestamps.sortable(g.created());
      case "updated" -> Timestamps.sortable(g.updated());
      case "name" -> g.name() == null ? "" : g.name();
      default -> g.id();
    };
  }
}
