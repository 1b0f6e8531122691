package io.kvsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A plain HTTP client for the emulator, as the extractor would call Klaviyo. */
final class ApiClient {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    JsonNode firstError() {
      return body.path("errors").path(0);
    }
  }

  private final String baseUrl;
  private final String key;

  ApiClient(String baseUrl, String key) {
    this.baseUrl = baseUrl;
    this.key = key;
  }

  ApiClient withKey(String otherKey) {
    return new ApiClient(baseUrl, otherKey);
  }

  /** GET with the key and revision header; {@code pathAndQuery} is URL-encoded here. */
  Reply get(String path, String... queryPairs) {
    return send(url(path, queryPairs), builder -> {});
  }

  Reply getUrl(String absoluteUrl) {
    return send(absoluteUrl, builder -> {});
  }

  Reply send(String url, Consumer<HttpRequest.Builder> customise) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("revision", "2026-07-15")
            .header("Accept", "application/vnd.api+json");
    if (key != null) {
      builder.header("Authorization", "Klaviyo-API-Key " + key);
    }
    customise.accept(builder);
    try {
      HttpResponse<String> response =
          HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
      return new Reply(response.statusCode(), body, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String url(String path, String... queryPairs) {
    StringBuilder url = new StringBuilder(baseUrl).append(path);
    for (int i = 0; i < queryPairs.length; i += 2) {
      url.append(i == 0 ? '?' : '&')
          .append(URLEncoder.encode(queryPairs[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(queryPairs[i + 1], StandardCharsets.UTF_8));
    }
    return url.toString();
  }

  /** Follows links.next from the first page; returns every page's body. */
  List<JsonNode> allPages(String path, String... queryPairs) {
    List<JsonNode> pages = new ArrayList<>();
    String next = url(path, queryPairs);
    while (next != null) {
      Reply reply = getUrl(next);
      if (reply.status() != 200) {
        throw new AssertionError(
            "GET " + next + " answered " + reply.status() + ": " + reply.body());
      }
      pages.add(reply.body());
      JsonNode link = reply.body().path("links").path("next");
      next = link.isTextual() ? link.asText() : null;
    }
    return pages;
  }
}
