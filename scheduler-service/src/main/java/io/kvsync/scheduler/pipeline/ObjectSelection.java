package io.kvsync.scheduler.pipeline;

import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.catalogue.ObjectDefinition;
import io.kvsync.scheduler.rest.ApiProblem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which catalogue objects a pipeline replicates: all by default, else a checked subset. */
final class ObjectSelection {

  private ObjectSelection() {}

  static List<ObjectDefinition> of(List<String> requested) {
    if (requested == null) {
      return ObjectCatalogue.all();
    }
    if (requested.isEmpty()) {
      throw ApiProblem.invalid("objects", "objects must name at least one object, or be omitted");
    }
    Set<String> names = new LinkedHashSet<>();
    for (String name : requested) {
      if (name == null || ObjectCatalogue.find(name.trim()).isEmpty()) {
        throw ApiProblem.invalid(
            "objects",
            "Unknown object '"
                + name
                + "'; known objects: "
                + ObjectCatalogue.all().stream().map(ObjectDefinition::table).toList());
      }
      names.add(name.trim());
    }
    for (String name : names) {
      ObjectDefinition definition = ObjectCatalogue.get(name);
      String source = definition.plan().derivedFrom();
      if (source != null && !names.contains(source)) {
        throw ApiProblem.invalid(
            "objects", name + " is read together with " + source + ": include " + source + " too");
      }
    }
    // Keep catalogue order so that jobs list objects the same way everywhere.
    return ObjectCatalogue.all().stream().filter(d -> names.contains(d.table())).toList();
  }
}
