package dev.mesh.stack.testing;

import dev.mesh.stack.Stack;
import dev.mesh.stack.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The logs of a test's stack that could not start, kept where the test reports are ({@code
 * target/failed-stacks/<state directory's name>/} of the module under test): the stack's temporary directory is removed
 * when the JVM exits, and the error names a log inside it.
 */
public final class FailedStacks {
  private FailedStacks() {}

  /** Starts {@code stack}; when it cannot start, keeps its logs and names them in the error. */
  public static Stack.Started up(Stack stack) {
    try {
      return stack.up();
    } catch (StackException e) {
      throw new StackException(e.getMessage() + " [the stack's logs are kept in " + keepLogs(stack.stateDir()) + "]", e);
    }
  }

  /** Copies {@code stateDir}'s {@code logs/} to {@code target/failed-stacks/<its name>/}; returns that directory. */
  public static Path keepLogs(Path stateDir) {
    Path kept = Path.of("target", "failed-stacks", stateDir.getFileName().toString()).toAbsolutePath();
    Path logs = stateDir.resolve("logs");
    try {
      Files.createDirectories(kept);
      if (Files.isDirectory(logs)) {
        try (Stream<Path> files = Files.list(logs)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            Files.copy(f, kept.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the stack's logs from " + logs, e);
    }
    return kept;
  }
}
