package dev.mesh.cli;

import dev.mesh.storage.localfs.LocalTrees;
import java.io.IOException;
import java.nio.file.Path;

/** Removing the temporary directories a command makes for itself (scratch warehouses, kernelspecs, notebooks). */
final class TempDirectory {
  private TempDirectory() {}

  /**
   * Deletes {@code root} and everything under it; nothing when it does not exist. A directory that cannot be deleted
   * is said on stderr, not thrown: what the command did stands.
   */
  static void delete(Path root) {
    try {
      LocalTrees.delete(root);
    } catch (IOException e) {
      System.err.println("mesh: could not remove the temporary directory " + root + ": " + e.getMessage());
    }
  }
}
