package io.kvsync.deploy.manifests;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Secrets deploy/README.md tells the reader to create: the name of each {@code kubectl create
 * secret} command and the keys of its {@code --from-literal}/{@code --from-file} options.
 */
final class ReadmeSecrets {

  private static final Pattern CREATE =
      Pattern.compile("create\\s+secret\\s+(?:generic|tls|docker-registry)\\s+([a-z0-9.-]+)");
  private static final Pattern KEY = Pattern.compile("--from-(?:literal|file)=([A-Za-z0-9._-]+)=");

  private ReadmeSecrets() {}

  /** Secret name → the keys it is created with. */
  static Map<String, Set<String>> created(String readme) {
    // A command continued over several lines with '\' is one command.
    String joined = readme.replaceAll("\\\\\\r?\\n", " ");
    Map<String, Set<String>> secrets = new TreeMap<>();
    for (String line : joined.split("\\r?\\n")) {
      Matcher create = CREATE.matcher(line);
      if (!create.find()) {
        continue;
      }
      Set<String> keys = secrets.computeIfAbsent(create.group(1), name -> new TreeSet<>());
      if (line.contains("create secret tls")) {
        // kubectl names the keys of a TLS Secret itself.
        keys.addAll(Set.of("tls.crt", "tls.key"));
      }
      Matcher key = KEY.matcher(line);
      while (key.find()) {
        keys.add(key.group(1));
      }
    }
    return secrets;
  }
}
