package dev.mesh.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the temporary directories a command makes for itself (scratch warehouses, kernelspecs, notebooks). */
final class TempDirectory {
  private TempDirectory() {}

  /**
   * Deletes {@code root} and everything under it; nothing when it does not exist. A directory that cannot be deleted
   * is said on stderr, not thrown: what the command did stands.
   */
  static void delete(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("mesh: could not remove the temporary directory " + root + ": " + e.getMessage());
    }
  }
}
