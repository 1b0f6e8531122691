package io.kvsync.extractor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvsync.common.contract.WireFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The emulator's admin API over HTTP (classloader-proof from a {@code @QuarkusTest}). */
public final class EmulatorAdminClient {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;

  public EmulatorAdminClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The admin API of the emulator {@link EmulatorResource} started for this test. */
  public static EmulatorAdminClient ofTestEmulator() {
    return new EmulatorAdminClient(
        org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getValue(EmulatorResource.ADMIN_URL, String.class));
  }

  /** The ground-truth rows of a table. */
  public List<JsonNode> truth(String table) throws Exception {
    JsonNode rows = get("/admin/truth/" + table);
    List<JsonNode> list = new ArrayList<>();
    rows.forEach(list::add);
    return list;
  }

  public void addFault(String json) throws Exception {
    send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/admin/faults"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public void clearFaults() throws Exception {
    send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/faults")).DELETE());
  }

  public void resetRateLimits() throws Exception {
    send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/admin/rate-limits/reset"))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** PATCHes an admin resource (data changes) and returns its answer. */
  public JsonNode patch(String path, String json) throws Exception {
    return change("PATCH", path, json);
  }

  /** Changes the emulator's data ({@code POST /admin/events}, {@code PUT …/members/…}). */
  public JsonNode change(String method, String path, String json) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(path + " answered " + response.statusCode());
    }
    return WireFormat.mapper().readTree(response.body());
  }

  public JsonNode get(String path) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode());
    }
    return WireFormat.mapper().readTree(response.body());
  }

  private void send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
    }
  }
}
