package io.kvsync.deploy.manifests;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a packaged service reads from its environment, according to its application.properties: the
 * {@code ${ENV_VAR:default}} references, the HTTP port and the management port. Only the settings
 * in force in a packaged application count: unprofiled keys and the {@code %prod} profile.
 */
record ServiceConfiguration(
    String service,
    Map<String, String> settings,
    Map<String, Optional<String>> references,
    int httpPort,
    int managementPort) {

  /** Services the deployment files run, each a module of the repository. */
  static final Set<String> SERVICES =
      Set.of("scheduler-service", "extractor-service", "loader-service");

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
  private static final int QUARKUS_DEFAULT_PORT = 8080;
  private static final int QUARKUS_DEFAULT_MANAGEMENT_PORT = 9000;

  static ServiceConfiguration of(String service) {
    Path file =
        DeployTree.repositoryRoot()
            .resolve(service)
            .resolve("src/main/resources/application.properties");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(service + " has no configuration at " + file);
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> inForce = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (!key.startsWith("%")) {
        inForce.putIfAbsent(key, properties.getProperty(key));
      }
    }
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith("%prod.")) {
        inForce.put(key.substring("%prod.".length()), properties.getProperty(key));
      }
    }
    Map<String, Optional<String>> references = new TreeMap<>();
    for (String value : inForce.values()) {
      Matcher reference = REFERENCE.matcher(value);
      while (reference.find()) {
        references.put(reference.group(1), Optional.ofNullable(reference.group(2)));
      }
    }
    return new ServiceConfiguration(
        service,
        inForce,
        references,
        port(inForce, "quarkus.http.port", QUARKUS_DEFAULT_PORT),
        port(inForce, "quarkus.management.port", QUARKUS_DEFAULT_MANAGEMENT_PORT));
  }

  /**
   * Whether setting this variable changes the service's configuration: it is referenced, or it is
   * the environment form of a property the file sets (SmallRye Config maps {@code
   * KVSYNC_MASTER_KEYS} to {@code kvsync.master-keys}).
   */
  boolean reads(String variable) {
    return references.containsKey(variable)
        || settings.keySet().stream()
            .map(ServiceConfiguration::environmentForm)
            .anyMatch(variable::equals);
  }

  /** The queues the service consumes (mp.messaging.incoming.*.queue.name). */
  Set<String> consumedQueues() {
    Set<String> queues = new TreeSet<>();
    settings.forEach(
        (key, value) -> {
          if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".queue.name")) {
            queues.add(value);
          }
        });
    return queues;
  }

  /** Variables the service cannot start without: referenced with no default. */
  Set<String> required() {
    Set<String> required = new TreeSet<>();
    references.forEach(
        (name, fallback) -> {
          if (fallback.isEmpty()) {
            required.add(name);
          }
        });
    return required;
  }

  /**
   * Variables whose default points at this machine: in a container that is the container itself, so
   * a deployment must set them.
   */
  Set<String> pointingAtLocalhost() {
    Set<String> local = new TreeSet<>();
    references.forEach(
        (name, fallback) -> {
          if (fallback
              .filter(v -> v.contains("127.0.0.1") || v.contains("localhost"))
              .isPresent()) {
            local.add(name);
          }
        });
    return local;
  }

  static String environmentForm(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /** Whether metrics, health and OpenAPI are served on their own port, not the API's. */
  boolean managementInterfaceEnabled() {
    return "true".equals(settings.get("quarkus.management.enabled"));
  }

  private static int port(Map<String, String> inForce, String key, int quarkusDefault) {
    String port = inForce.get(key);
    if (port == null) {
      return quarkusDefault;
    }
    Matcher reference = REFERENCE.matcher(port);
    String literal = reference.matches() ? reference.group(2) : port;
    if (literal == null) {
      throw new IllegalStateException(key + " has no default: " + port);
    }
    return Integer.parseInt(literal.trim());
  }
}
