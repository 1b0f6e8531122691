package io.kvsync.deploy.manifests;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the Prometheus text exposition a service serves at /q/metrics into series name → label
 * names, the shape {@link DashboardMetricNames#unsatisfied} compares queries against.
 */
public final class MetricsExposition {

  private MetricsExposition() {}

  public static Map<String, Set<String>> labelsByName(String exposition) {
    Map<String, Set<String>> series = new TreeMap<>();
    for (String line : exposition.split("\\R")) {
      String sample = line.strip();
      if (sample.isEmpty() || sample.startsWith("#")) {
        continue;
      }
      int nameEnd = 0;
      while (nameEnd < sample.length()
          && sample.charAt(nameEnd) != '{'
          && !Character.isWhitespace(sample.charAt(nameEnd))) {
        nameEnd++;
      }
      Set<String> labels =
          series.computeIfAbsent(sample.substring(0, nameEnd), n -> new TreeSet<>());
      if (nameEnd < sample.length() && sample.charAt(nameEnd) == '{') {
        readLabelNames(sample, nameEnd + 1, labels);
      }
    }
    return series;
  }

  /** Reads {@code name="value",…}} from a position, values being quoted with escapes. */
  private static void readLabelNames(String sample, int from, Set<String> into) {
    int i = from;
    while (i < sample.length() && sample.charAt(i) != '}') {
      int equals = sample.indexOf('=', i);
      into.add(sample.substring(i, equals).strip());
      i = equals + 2; // past ="
      while (sample.charAt(i) != '"') {
        i += sample.charAt(i) == '\\' ? 2 : 1;
      }
      i++; // past the closing quote
      if (sample.charAt(i) == ',') {
        i++;
      }
    }
  }
}
