package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.kvsync.emulator.faults.FaultRule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A listing whose {@code links.next} points to another origin: the extractor never follows it (the
 * API key goes only to the configured Klaviyo base URL), and the slice and its job fail saying
 * which host was refused.
 */
@ExtendWith(WholeSystem.class)
class ForeignNextLinkTest {

  private static final List<String> PROFILES = List.of("profile_v2");

  @Test
  void aNextLinkToAnotherHostFailsTheSliceWithoutAnyRequestThere(RunningSystem system)
      throws Exception {
    AtomicInteger requestsElsewhere = new AtomicInteger();
    HttpServer elsewhere =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    elsewhere.createContext(
        "/",
        exchange -> {
          requestsElsewhere.incrementAndGet();
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    elsewhere.start();
    String origin = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
    try {
      system.klaviyo().admin().addFault(FaultRule.foreignNextLink("get_profiles", origin));
      Scenario scenario = new Scenario(system);

      Scenario.Run run = scenario.start("foreignlink", PROFILES);

      JsonNode job = scenario.awaitJob(run.jobId(), "FAILED");
      JsonNode profiles = job.get("objects").get(0);
      assertEquals("FAILED", profiles.get("status").asText(), profiles.toString());
      String error = profiles.get("error").asText();
      assertTrue(
          error.contains("refused to call " + origin)
              && error.contains("only ever sent to the configured Klaviyo base URL"),
          "the error names the refused host: " + error);
      assertEquals(0, requestsElsewhere.get(), "no request reached the other host");
    } finally {
      elsewhere.stop(0);
    }
  }
}
