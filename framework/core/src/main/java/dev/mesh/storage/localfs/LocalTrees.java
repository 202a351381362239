package dev.mesh.storage.localfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing a local directory with everything under it: the scratch and temporary directories of a mesh process. */
public final class LocalTrees {
  private LocalTrees() {}

  /**
   * Deletes {@code root} and everything under it, deepest first; nothing when it does not exist. A symbolic link is
   * deleted, not followed (a dangling one too).
   *
   * @throws IOException the first entry that could not be read or deleted (what was deleted before it stays deleted)
   */
  public static void delete(Path root) throws IOException {
    if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
