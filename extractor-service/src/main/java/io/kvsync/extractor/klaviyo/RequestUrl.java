package io.kvsync.extractor.klaviyo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds the first-page URL of a listing; later pages follow {@code links.next} as given. */
public final class RequestUrl {

  private RequestUrl() {}

  /**
   * @param path an {@code /api/...} path with any {@code {parent_id}} already filled in
   * @param params query parameters in the order they are sent; null values are left out
   */
  public static String of(String baseUrl, String path, Map<String, String> params) {
    StringBuilder url = new StringBuilder(stripTrailingSlash(baseUrl)).append(path);
    char separator = '?';
    for (Map.Entry<String, String> param : params.entrySet()) {
      if (param.getValue() == null) {
        continue;
      }
      url.append(separator).append(encode(param.getKey())).append('=');
      url.append(encode(param.getValue()));
      separator = '&';
    }
    return url.toString();
  }

  /** Fills the per-parent placeholder; ids are path segments, so they are encoded too. */
  public static String withParent(String path, String parentId) {
    return path.replace("{parent_id}", encode(parentId));
  }

  /**
   * Percent-encodes a query component. Form encoding would send {@code +00:00} as {@code +00:00},
   * which servers read as a space: it must travel as {@code %2B00%3A00}.
   */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String stripTrailingSlash(String baseUrl) {
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }
}
