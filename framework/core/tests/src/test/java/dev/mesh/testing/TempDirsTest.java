package dev.mesh.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The suite's promise to leave nothing behind: a directory of {@link TempDirs} is gone once its JVM has exited, files
 * and subdirectories included; {@code -Dmesh.tests.keep=true} keeps it. Each case is a JVM of its own (no Spark).
 */
class TempDirsTest {
  @Test
  void aDirectoryAndEverythingInItIsDeletedWhenTheJvmExits() throws Exception {
    Path dir = childCreatingADirectory(false);
    assertThat(dir).as("the child's directory, after it exited").doesNotExist();
  }

  @Test
  void keepLeavesItForALookAfterAFailure() throws Exception {
    Path dir = childCreatingADirectory(true);
    try {
      assertThat(dir.resolve("nested/file.txt")).as("the child's file, kept").hasContent("written by the child");
    } finally {
      TempDirs.delete(dir);
    }
    assertThat(dir).doesNotExist();
  }

  /** Runs {@link Child} in a new JVM; the directory it created and filled. */
  private static Path childCreatingADirectory(boolean keep) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ChildJvm.SHORT_LIVED);
    cmd.addAll(List.of("-Xmx64m", "-Dmesh.tests.keep=" + keep, "-cp", System.getProperty("java.class.path"), Child.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("the child's exit code; its output:%n%s", out).isZero();
    String[] lines = out.split("\\R");
    Path dir = Path.of(lines[lines.length - 1]);
    assertThat(dir.getFileName().toString()).startsWith("mesh-temp-dirs-test");
    return dir;
  }

  /** Creates a directory with a file in a subdirectory, prints its path after checking it is there, and exits. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      Path dir = TempDirs.create("mesh-temp-dirs-test");
      Files.writeString(Files.createDirectories(dir.resolve("nested")).resolve("file.txt"), "written by the child");
      if (!Files.isRegularFile(dir.resolve("nested/file.txt"))) {
        System.exit(3);
      }
      System.out.println(dir);
    }
  }
}
