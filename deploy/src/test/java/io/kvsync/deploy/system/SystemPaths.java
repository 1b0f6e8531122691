package io.kvsync.deploy.system;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and its build outputs are, as seen from the deploy module's tests. */
final class SystemPaths {

  private SystemPaths() {}

  static Path repositoryRoot() {
    String configured = System.getProperty("kvsync.repository.root");
    Path root = configured != null ? Path.of(configured) : Path.of("..").toAbsolutePath();
    if (!Files.isRegularFile(root.resolve("pom.xml"))) {
      throw new IllegalStateException("Cannot find the repository root at " + root);
    }
    return root.normalize();
  }

  static Path logDirectory() {
    return repositoryRoot().resolve("deploy/target/system-test-logs");
  }
}
