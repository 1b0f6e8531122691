package io.kvsync.emulator.api.resources;

import io.kvsync.emulator.api.json.AttributeWriter;
import io.kvsync.emulator.api.json.ResourceKind;
import io.kvsync.emulator.data.Template;
import java.io.IOException;

/** {@code type "template"}. */
public final class TemplateKind implements ResourceKind<Template> {

  public static final TemplateKind INSTANCE = new TemplateKind();

  @Override
  public String type() {
    return "template";
  }

  @Override
  public String collection() {
    return "templates";
  }

  @Override
  public String id(Template item) {
    return item.id();
  }

  @Override
  public boolean hasRelationships() {
    return false;
  }

  @Override
  public void attributes(Template t, AttributeWriter out) throws IOException {
    out.string("name", t.name());
    out.string("editor_type", t.editorType());
    out.string("html", t.html());
    out.string("text", t.text());
    out.string("amp", null);
    out.instant("created", t.created());
    out.instant("updated", t.updated());
  }
}
