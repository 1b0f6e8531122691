package io.kvsync.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The scheduler's REST API as a user calls it: JSON over HTTP with a bearer token. */
final class ControlApi {

  /** A response: status, content type and parsed JSON body (null when empty). */
  record Answer(int status, String contentType, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TERMINAL =
      Set.of("SUCCEEDED", "PARTIAL", "DEFERRED", "FAILED", "CANCELLED");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;

  ControlApi(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  ControlApi withToken(String otherToken) {
    return new ControlApi(baseUrl, otherToken);
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  Answer post(String path, Object body) throws IOException, InterruptedException {
    String json = body == null ? "" : JSON.writeValueAsString(body);
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Answer put(String path, Object body) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  Answer patch(String path, Object body) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  /** Posts and insists on {@code expectedStatus}, failing with the answer otherwise. */
  JsonNode postExpecting(String path, Object body, int expectedStatus)
      throws IOException, InterruptedException {
    Answer answer = post(path, body);
    if (answer.status() != expectedStatus) {
      throw new AssertionError(
          "POST " + path + " answered " + answer.status() + ": " + answer.body());
    }
    return answer.body();
  }

  /** Polls a job until it ends, then returns it. */
  JsonNode awaitJob(String jobId, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode job = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        Answer answer = get("/api/v1/jobs/" + jobId);
        job = answer.body();
        if (answer.status() == 200 && TERMINAL.contains(job.path("status").asText())) {
          return job;
        }
      } catch (IOException restarting) {
        // the scheduler is being started again (after a crash, or after it lost the broker)
      }
      Thread.sleep(300);
    }
    throw new AssertionError("Job " + jobId + " did not end within " + timeout + ": " + job);
  }

  /**
   * Waits until a pipeline has no run queued or running and its next scheduled run lies ahead: a
   * pipeline's first scheduled run follows its creation even when a run-now came first.
   */
  void awaitIdle(String pipelineId, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      JsonNode pipeline = get("/api/v1/pipelines/" + pipelineId).body();
      JsonNode jobs = get("/api/v1/pipelines/" + pipelineId + "/jobs").body();
      JsonNode list = jobs.isArray() ? jobs : jobs.path("items");
      boolean active = false;
      for (JsonNode job : list) {
        active |= !TERMINAL.contains(job.path("status").asText());
      }
      String next = pipeline.path("next_run_at").asText(null);
      boolean scheduledLater =
          next == null
              || java.time.OffsetDateTime.parse(next)
                  .toInstant()
                  .isAfter(Instant.now().plusSeconds(60));
      if (!active && scheduledLater) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Pipeline " + pipelineId + " is still busy after " + timeout);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Answer send(HttpRequest.Builder builder) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        body == null || body.isBlank() ? null : JSON.readTree(body));
  }
}
