package io.kvsync.emulator.data;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic metrics: the usual Klaviyo and shop metrics, then custom ones with awkward names.
 */
final class MetricGenerator {

  static final long KIND = 2;

  private static final String[][] INTEGRATIONS = {
    {"0rG4eQ", "klaviyo", "Klaviyo", "Internal"},
    {"0eMvjm", "shopify", "Shopify", "eCommerce"},
    {"7FtS4J", "api", "API", "Custom"},
    {"9xPq2L", "sms", "SMS", "Messaging"},
    {"3kLm8N", "zendesk", "Zendesk", "Helpdesk"}
  };

  private static final String[] COMMON = {
    "Placed Order", "Ordered Product", "Opened Email", "Clicked Email", "Received Email",
    "Bounced Email", "Unsubscribed", "Active on Site", "Viewed Product", "Added to Cart",
    "Started Checkout", "Received SMS", "Clicked SMS", "Subscribed to List", "Fulfilled Order"
  };

  private MetricGenerator() {}

  static List<Metric> generate(long seed, int count, Instant anchor) {
    IdCodec ids = IdCodec.short62(seed, KIND);
    List<Metric> metrics = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SplittableRandom random = AwkwardText.randomFor(seed, KIND, i);
      String name =
          i < COMMON.length
              ? COMMON[i]
              : AwkwardText.words(random, 1 + random.nextInt(3)) + " #" + i;
      String[] integration =
          INTEGRATIONS[i < COMMON.length ? i % 2 : random.nextInt(INTEGRATIONS.length)];
      Map<String, Object> integrationJson = new LinkedHashMap<>();
      integrationJson.put("object", "integration");
      integrationJson.put("id", integration[0]);
      integrationJson.put("key", integration[1]);
      integrationJson.put("name", integration[2]);
      integrationJson.put("category", integration[3]);
      Instant created = anchor.minus(Duration.ofMinutes(2 * 365L * 24 * 60 - i * 37L));
      Instant updated = created.plus(Duration.ofHours(random.nextInt(24 * 30)));
      metrics.add(new Metric(ids.encode(i), name, created, updated, integrationJson));
    }
    return metrics;
  }
}
