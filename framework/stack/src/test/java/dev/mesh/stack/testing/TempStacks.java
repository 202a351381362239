package dev.mesh.stack.testing;

import dev.mesh.stack.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A stack whose state is in a new temporary directory, stopped and its directory removed when the JVM exits (start it
 * with {@link FailedStacks#up}, which keeps its logs when it cannot start).
 */
final class TempStacks {
  private TempStacks() {}

  /** Not started yet: the caller starts it ({@link Stack#up()}); the shutdown hook stops it either way. */
  static Stack create(String prefix, boolean onStore) {
    Path dir = newStateDir(prefix);
    Stack stack = onStore ? Stack.in(dir).onStore() : Stack.in(dir);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(stack, dir), prefix + "down"));
    return stack;
  }

  private static Path newStateDir(String prefix) {
    try {
      // Readable by others: PostgreSQL runs as the user postgres when the tests run as root.
      return Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stopAndDelete(Stack s, Path dir) {
    try {
      s.down();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary directory: left to the system
      }
    }
  }
}
