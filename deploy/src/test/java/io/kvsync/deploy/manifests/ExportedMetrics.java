package io.kvsync.deploy.manifests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The series the services export, as listed in exported-metrics.txt (a test resource): the names
 * and labels that deploy/grafana and deploy/prometheus may rely on.
 */
public final class ExportedMetrics {

  /** Labels the scrape adds to every series (ServiceMonitor on Kubernetes, prometheus.yml). */
  public static final Set<String> TARGET_LABELS =
      Set.of("job", "service", "instance", "namespace", "pod", "container", "endpoint");

  /** Marks a series every service exports. */
  public static final String EVERY_SERVICE = "*";

  /** One exported series: the service that exports it (or {@link #EVERY_SERVICE}), its labels. */
  public record Series(String service, String name, Set<String> labels) {}

  private static final String RESOURCE = "/exported-metrics.txt";

  private ExportedMetrics() {}

  public static List<Series> all() {
    try (InputStream in = ExportedMetrics.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the test classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Series name → its labels. */
  public static Map<String, Set<String>> labelsByName() {
    Map<String, Set<String>> byName = new TreeMap<>();
    for (Series series : all()) {
      byName.put(series.name(), series.labels());
    }
    return byName;
  }

  /**
   * What one service promises to serve at /q/metrics, its own series and every service's: compare
   * it with a scrape through {@link DashboardMetricNames#unsatisfied}.
   */
  public static Map<String, Set<String>> ofService(String service) {
    Map<String, Set<String>> promised = new TreeMap<>();
    for (Series series : all()) {
      if (series.service().equals(service) || series.service().equals(EVERY_SERVICE)) {
        promised.put(series.name(), series.labels());
      }
    }
    return promised;
  }

  static List<Series> parse(String text) {
    List<Series> series = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] fields = trimmed.split("\\s+");
      if (fields.length != 3) {
        throw new IllegalArgumentException("Not '<service> <series> <labels>': " + line);
      }
      Set<String> labels =
          fields[2].equals("-") ? Set.of() : new LinkedHashSet<>(List.of(fields[2].split(",")));
      series.add(new Series(fields[0], fields[1], Set.copyOf(labels)));
    }
    return series;
  }
}
