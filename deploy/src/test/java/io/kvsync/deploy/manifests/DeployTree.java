package io.kvsync.deploy.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the deployment files are, as seen from the deploy module's tests. */
public final class DeployTree {

  private DeployTree() {}

  /** The repository root: set by the build, else the parent of the deploy module. */
  public static Path repositoryRoot() {
    String configured = System.getProperty("kvsync.repository.root");
    Path root = configured != null ? Path.of(configured) : Path.of("..").toAbsolutePath();
    if (!Files.isRegularFile(root.resolve("pom.xml"))) {
      throw new IllegalStateException("Cannot find the repository root at " + root);
    }
    return root.normalize();
  }

  static Path deploy() {
    return repositoryRoot().resolve("deploy");
  }

  static Path kubernetes() {
    return deploy().resolve("k8s");
  }

  /** The YAML files below a directory, build outputs excluded, in a stable order. */
  static List<Path> yamlFiles(Path directory) {
    return files(directory, ".yaml", ".yml");
  }

  static List<Path> files(Path directory, String... suffixes) {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile)
          .filter(path -> !isBuildOutput(directory.relativize(path)))
          .filter(path -> Stream.of(suffixes).anyMatch(path.toString()::endsWith))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isBuildOutput(Path relative) {
    for (Path segment : relative) {
      if (segment.toString().equals("target")) {
        return true;
      }
    }
    return false;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
