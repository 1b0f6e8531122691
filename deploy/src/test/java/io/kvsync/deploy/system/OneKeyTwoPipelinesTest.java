package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.emulator.admin.EmulatorAdmin;
import io.kvsync.emulator.auth.ApiKey;
import io.kvsync.emulator.ratelimit.KeyTraffic;
import io.kvsync.emulator.ratelimit.RateLimitMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two pipelines of one Klaviyo account (one key), each with a schema of its own, run at once on two
 * extractor replicas against Klaviyo's own limits: the key's budget is shared by every read in
 * flight on it, so both end exact and Klaviyo hardly ever answers 429 (docs/adr/0009).
 */
@ExtendWith(WholeSystem.class)
class OneKeyTwoPipelinesTest {

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

  /** Flows and their actions and messages are Klaviyo's slowest tier (S): the limits bind. */
  private static final List<String> OBJECTS =
      List.of(
          "metric_v2",
          "list_v2",
          "profile_list_v2",
          "flow_v2",
          "flow_action_v2",
          "flow_messages_v2");

  private static final String RATE_LIMIT_WAIT = "kvsync_klaviyo_rate_limit_wait_seconds_total";
  private static final String REQUESTS = "kvsync_klaviyo_requests_total";

  @Test
  void twoPipelinesOnOneKeyBothEndExactWithFewerThanOnePercentThrottled(RunningSystem system)
      throws Exception {
    EmulatorAdmin klaviyo = system.klaviyo().admin();
    String key = "pk_shared_" + UUID.randomUUID().toString().replace("-", "");
    klaviyo.addKey(ApiKey.withAllReadScopes(key));
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Scenario scenario = new Scenario(system);
    Pipeline first = createPipeline(scenario, key, "onekey_a_" + suffix);
    Pipeline second = createPipeline(scenario, key, "onekey_b_" + suffix);
    RateLimitMode usual = klaviyo.rateLimits();
    klaviyo.useRateLimits(RateLimitMode.KLAVIYO);
    try (ServiceProcess replica = system.startExtractorReplica("extractor-replica")) {
      List<ServiceProcess> extractors = List.of(system.extractor(), replica);
      double waitedBefore = sum(extractors, RATE_LIMIT_WAIT);

      String firstJob = scenario.runNow(first.id());
      String secondJob = scenario.runNow(second.id());
      Instant firstStart = scenario.awaitSuccess(firstJob, JOB_TIMEOUT);
      Instant secondStart = scenario.awaitSuccess(secondJob, JOB_TIMEOUT);

      for (String table : OBJECTS) {
        DestinationTable.assertMatchesKlaviyo(system, first.schema(), table, firstStart);
        DestinationTable.assertMatchesKlaviyo(system, second.schema(), table, secondStart);
      }
      KeyTraffic.Counts traffic = klaviyo.traffic(key);
      System.out.printf(
          "One key, two pipelines: %d requests, %d answered 429, jobs started %s and %s%n",
          traffic.requests(), traffic.throttled(), firstStart, secondStart);
      assertTrue(sum(List.of(replica), REQUESTS) > 0, "the second replica read some slices");
      assertTrue(
          sum(extractors, RATE_LIMIT_WAIT) > waitedBefore,
          "the extractors paced their requests: Klaviyo's limits bound");
      assertTrue(
          traffic.throttled() * 100 < traffic.requests(),
          traffic.throttled() + " of " + traffic.requests() + " requests were answered 429");
    } finally {
      klaviyo.useRateLimits(usual);
    }
  }

  private record Pipeline(String id, String schema) {}

  private static Pipeline createPipeline(Scenario scenario, String key, String schema)
      throws Exception {
    String pipelineId =
        scenario.pipeline("one key " + schema, scenario.destinationOn(schema), key, "P3M", OBJECTS);
    return new Pipeline(pipelineId, schema);
  }

  /** A counter of the extractors, summed over them and over all its labels. */
  private static double sum(List<ServiceProcess> extractors, String counter) throws Exception {
    double total = 0;
    for (ServiceProcess extractor : extractors) {
      for (String line : extractor.metrics().split("\n")) {
        if (line.startsWith(counter + "{")) {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return total;
  }
}
