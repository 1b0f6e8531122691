package io.kvsync.emulator.api;

import io.kvsync.emulator.api.json.DocumentWriter;
import io.kvsync.emulator.api.json.ResourceKind;
import io.kvsync.emulator.api.paging.Page;
import io.kvsync.emulator.api.paging.Position;
import io.kvsync.emulator.data.Dataset;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One checked request to an {@code /api/} endpoint, with helpers to write its document. */
public record ApiCall(
    EndpointRule rule,
    ApiQuery query,
    Map<String, String> pathParams,
    MultiMap rawParams,
    String baseUrl,
    String path,
    Dataset data,
    NextLink nextLink) {

  /** The {@code links.next} a collection document was written with (null on the last page). */
  public static final class NextLink {
    private final String origin;
    private volatile String url;

    /** A next link on the request's own origin. */
    public NextLink() {
      this(null);
    }

    /**
     * @param origin {@code scheme://host:port} the next link points to instead of the request's own
     *     (a fault), or null
     */
    public NextLink(String origin) {
      this.origin = origin;
    }

    public String url() {
      return url;
    }
  }

  public String pathParam(String name) {
    return pathParams.get(name);
  }

  public String selfUrl() {
    return baseUrl + path + queryString(rawParams.get("page[cursor]"));
  }

  /** The absolute URL of the page after {@code position}: the same query, another cursor. */
  public String nextUrl(Position position) {
    String origin = nextLink.origin == null ? baseUrl : nextLink.origin;
    return position == null ? null : origin + path + queryString(position.encode());
  }

  private String queryString(String cursor) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> entry : rawParams.entries()) {
      if (entry.getKey().equals("page[cursor]")) {
        continue;
      }
      append(out, entry.getKey(), entry.getValue());
    }
    if (cursor != null) {
      append(out, "page[cursor]", cursor);
    }
    return out.toString();
  }

  private static void append(StringBuilder out, String name, String value) {
    out.append(out.length() == 0 ? '?' : '&')
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  public DocumentWriter document() {
    return new DocumentWriter(baseUrl, query.fields(), query.includes());
  }

  public <T> Buffer collection(ResourceKind<T> kind, Page<T> page) {
    nextLink.url = nextUrl(page.next());
    return document().collection(kind, page.items(), selfUrl(), nextLink.url);
  }

  public <T> Buffer collection(ResourceKind<T> kind, List<T> items) {
    return document().collection(kind, items, selfUrl(), null);
  }

  public <T> Buffer identifiers(ResourceKind<T> kind, Page<T> page) {
    nextLink.url = nextUrl(page.next());
    return document().identifiers(kind, page.items(), selfUrl(), nextLink.url);
  }

  public <T> Buffer single(ResourceKind<T> kind, T item) {
    return document().single(kind, item, selfUrl());
  }
}
