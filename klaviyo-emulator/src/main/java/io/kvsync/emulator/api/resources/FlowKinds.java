package io.kvsync.emulator.api.resources;

import io.kvsync.emulator.api.json.AttributeWriter;
import io.kvsync.emulator.api.json.RelationshipWriter;
import io.kvsync.emulator.api.json.ResourceKind;
import io.kvsync.emulator.api.json.Timestamps;
import io.kvsync.emulator.data.Dataset;
import io.kvsync.emulator.data.Flow;
import io.kvsync.emulator.data.FlowAction;
import io.kvsync.emulator.data.FlowMessage;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code flow}, {@code flow-action} and {@code flow-message}. */
public final class FlowKinds {

  private FlowKinds() {}

  /** Actions of a flow in their chain order. */
  static List<FlowAction> actionsOf(Dataset data, String flowId) {
    return data.flowActions().rows().stream()
        .filter(a -> a.flowId().equals(flowId))
        .sorted(Comparator.comparing(FlowAction::created).thenComparing(FlowAction::id))
        .toList();
  }

  public static final class FlowKind implements ResourceKind<Flow> {
    private final Dataset data;
    private final boolean definition;

    public FlowKind(Dataset data, boolean definition) {
      this.data = data;
      this.definition = definition;
    }

    @Override
    public String type() {
      return "flow";
    }

    @Override
    public String collection() {
      return "flows";
    }

    @Override
    public String id(Flow item) {
      return item.id();
    }

    @Override
    public void attributes(Flow f, AttributeWriter out) throws IOException {
      if (definition) {
        List<FlowAction> actions = actionsOf(data, f.id());
        Map<String, Object> def = new LinkedHashMap<>();
        def.put("triggers", List.of());
        def.put("profile_filter", null);
        def.put("actions", actions.stream().map(FlowAction::definition).toList());
        def.put("entry_action_id", actions.isEmpty() ? null : actions.get(0).id());
        out.json("definition", def);
      }
      out.string("name", f.name());
      out.string("status", f.status());
      out.bool("archived", f.archived());
      out.instant("created", f.created());
      out.instant("updated", f.updated());
      out.string("trigger_type", f.triggerType());
    }

    @Override
    public void relationships(Flow f, RelationshipWriter out) throws IOException {
      out.toMany("flow-actions", new ActionKind(data), actionsOf(data, f.id()));
      out.emptyToMany("tags");
    }
  }

  public static Object flowFilterValue(Flow f, String field) {
    return switch (field) {
      case "id" -> f.id();
      case "name" -> f.name();
      case "status" -> f.status();
      case "archived" -> f.archived();
      case "created" -> f.created();
      case "updated" -> f.updated();
      case "trigger_type" -> f.triggerType();
      default -> null;
    };
  }

  public static String flowSortKey(Flow f, String field) {
    return switch (field) {
      case "created" -> Timestamps.sortable(f.created());
      case "updated" -> Timestamps.sortable(f.updated());
      case "name" -> f.name();
      case "status" -> f.status();
      case "trigger_type" -> f.triggerType();
      default -> f.id();
    };
  }

  public static final class ActionKind implements ResourceKind<FlowAction> {
    private final Dataset data;

    public ActionKind(Dataset data) {
      this.data = data;
    }

    @Override
    public String type() {
      return "flow-action";
    }

    @Override
    public String collection() {
      return "flow-actions";
    }

    @Override
    public String id(FlowAction item) {
      return item.id();
    }

    @Override
    public void attributes(FlowAction a, AttributeWriter out) throws IOException {
      out.instant("created", a.created());
      out.instant("updated", a.updated());
      out.json("definition", a.definition());
    }

    @Override
    public void relationships(FlowAction a, RelationshipWriter out) throws IOException {
      Flow flow = data.flows().find(a.flowId()).orElse(null);
      if (flow != null) {
        out.toOne("flow", new FlowKind(data, false), flow);
      } else {
        out.toOneId("flow", "flow", a.flowId());
      }
      out.toMany(
          "flow-messages",
          new MessageKind(data),
          data.flowMessages().rows().stream()
              .filter(m -> m.actionId().equals(a.id()))
              .sorted(Comparator.comparing(FlowMessage::id))
              .toList());
    }
  }

  public static Object actionFilterValue(FlowAction a, String field) {
    return switch (field) {
      case "id" -> a.id();
      // Accept the definition's spelling (send-email) and the enum style (SEND_EMAIL).
      case "action_type" -> List.of(a.actionType(), a.actionType().toUpperCase().replace('-', '_'));
      case "status" -> a.status();
      case "created" -> a.created();
      case "updated" -> a.updated();
      default -> null;
    };
  }

  public static String actionSortKey(FlowAction a, String field) {
    return switch (field) {
      case "created" -> Timestamps.sortable(a.created());
      case "updated" -> Timestamps.sortable(a.updated());
      case "action_type" -> a.actionType();
      case "status" -> a.status() == null ? "" : a.status();
      default -> a.id();
    };
  }

  public static final class MessageKind implements ResourceKind<FlowMessage> {
    private final Dataset data;

    public MessageKind(Dataset data) {
      this.data = data;
    }

    @Override
    public String type() {
      return "flow-message";
    }

    @Override
    public String collection() {
      return "flow-messages";
    }

    @Override
    public String id(FlowMessage item) {
      return item.id();
    }

    @Override
    public void attributes(FlowMessage m, AttributeWriter out) throws IOException {
      out.string("channel", m.channel());
      out.instant("created", m.created());
      out.instant("updated", m.updated());
      out.json("definition", m.definition());
    }

    @Override
    public void relationships(FlowMessage m, RelationshipWriter out) throws IOException {
      FlowAction action = data.flowActions().find(m.actionId()).orElse(null);
      if (action != null) {
        out.toOne("flow-action", new ActionKind(data), action);
      } else {
        out.toOneId("flow-action", "flow-action", m.actionId());
      }
      out.toOne(
          "template", TemplateKind.INSTANCE, data.templates().find(m.templateId()).orElse(null));
    }
  }

  public static Object messageFilterValue(FlowMessage m, String field) {
    return switch (field) {
      case "id" -> m.id();
      case "name" -> m.name();
      case "created" -> m.created();
      case "updated" -> m.updated();
      default -> null;
    };
  }

  public static String messageSortKey(FlowMessage m, String field) {
    return switch (field) {
      case "created" -> Timestamps.sortable(m.created());
      case "updated" -> Timestamps.sortable(m.updated());
      case "name" -> m.name();
      default -> m.id();
    };
  }
}
