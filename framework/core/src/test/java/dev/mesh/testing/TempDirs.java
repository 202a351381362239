package dev.mesh.testing;

import dev.mesh.storage.localfs.LocalTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Temporary directories that outlive one test (a JVM's shared warehouse, the demo's site and lineage files): created in
 * java.io.tmpdir and deleted when the test JVM exits, so a suite leaves nothing behind. {@code -Dmesh.tests.keep=true}
 * keeps them, to look at after a failure. A directory of one test is JUnit's {@code @TempDir} instead.
 */
public final class TempDirs {
  private static final List<Path> AT_EXIT = new ArrayList<>();
  private static boolean hooked;

  private TempDirs() {}

  /** A new directory named {@code prefix} and digits, deleted with everything in it when the JVM exits. */
  public static Path create(String prefix) {
    try {
      return deleteAtExit(Files.createTempDirectory(prefix));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} with everything in it when the JVM exits; returns it. */
  public static synchronized Path deleteAtExit(Path dir) {
    // registered with the first directory, not when the class loads: delete() may first be called at exit
    if (!hooked) {
      Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "mesh-tests-temp-dirs"));
      hooked = true;
    }
    AT_EXIT.add(dir);
    return dir;
  }

  /** Deletes {@code dir} with everything in it now, unless {@code mesh.tests.keep} is set. */
  public static void delete(Path dir) {
    if (Boolean.getBoolean("mesh.tests.keep") || !Files.exists(dir)) {
      return;
    }
    try {
      LocalTrees.delete(dir);
    } catch (IOException e) {
      // at exit, with nobody to tell but the test's output: a file still being written (a service shutting down)
      System.err.println("could not delete the test directory " + dir + ": " + e.getMessage());
    }
  }

  private static synchronized void deleteAll() {
    AT_EXIT.forEach(TempDirs::delete);
  }
}
