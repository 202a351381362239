package dev.mesh.stack.store;

import dev.mesh.testing.ChildJvm;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Driver JVMs beside the test (C1 only, as {@link ChildJvm} says), on the test's classpath, with the stack's
 * environment: the store's keys reach them only as environment variables. Their stdout and stderr go to one file.
 * Each has a temporary directory of its own ({@code java.io.tmpdir}) under the test's home: what a driver leaves there
 * is seen (and what a killed one leaves goes with the test's directory, not into the machine's).
 */
final class Drivers {
  private Drivers() {}

  /** A started driver: its process, its output file and its temporary directory. */
  record Driver(Process process, Path output, Path tmp) {
    /** Waits for the end (at most {@code minutes}) and returns the output's lines; fails on a timeout. */
    List<String> await(int minutes) throws IOException, InterruptedException {
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("driver did not end within " + minutes + " min; output: " + output);
      }
      return lines();
    }

    List<String> lines() throws IOException {
      return Files.readAllLines(output, StandardCharsets.UTF_8);
    }

    String text() throws IOException {
      return Files.readString(output, StandardCharsets.UTF_8);
    }

    /**
     * What the driver left in its temporary directory, but Hadoop's scratch directory {@code hadoop-<user>} (one per
     * user and machine, not per process: s3a's upload buffers, emptied as each upload ends).
     */
    List<String> leftInTmp() throws IOException {
      try (Stream<Path> entries = Files.list(tmp)) {
        return entries.map(p -> p.getFileName().toString())
            .filter(n -> !n.equals("hadoop-" + System.getProperty("user.name"))).sorted().toList();
      }
    }
  }

  /** Starts {@code mainClass args} with {@code -Dmesh.home=home} and {@code env} added to this JVM's environment. */
  static Driver start(Path home, Map<String, String> env, Path output, List<String> jvmOptions, String mainClass, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Spark's Java 17 flags, as this JVM got them from surefire.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect"))
        .forEach(cmd::add);
    cmd.add("-Xmx1g");
    cmd.addAll(ChildJvm.OPTIONS);
    cmd.add("-Dmesh.home=" + home);
    Path tmp = Files.createTempDirectory(home, "tmp-");
    cmd.add("-Djava.io.tmpdir=" + tmp);
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
    pb.redirectOutput(output.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("MESH_") || k.startsWith("AWS_"));
    pb.environment().putAll(env);
    Process process = pb.start();
    // A test that fails while its driver still waits (on a gate, on a store that is down) leaves it running: it goes
    // with this JVM, not on as an orphan holding its heap and the store's connections.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }, "end-driver-" + process.pid()));
    return new Driver(process, output, tmp);
  }

  /** The lines of {@code lines} that start with {@code prefix + " "}, without it. */
  static List<String> tagged(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix + " ")).map(l -> l.substring(prefix.length() + 1)).toList();
  }
}
