package dev.mesh.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code mesh <args>} in a new JVM, as bin/mesh starts it: Spark's Java 17 flags, bin/log4j2.properties, the project
 * home, and this test's classpath (so the test transforms are found).
 */
final class MeshProcess {
  /** What a child JVM did: its exit code, what it printed, and when it ended (ms after {@code start}). */
  record Ended(Process process, int code, String out, String err, long afterMs) {}

  /** Reads the children's output (one blocking read each): not the common pool, which has one thread on 2 cores. */
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "mesh-process-output");
            t.setDaemon(true);
            return t;
          });

  private MeshProcess() {}

  /** Starts {@code mesh <args>} on local[1] with {@code -D<k>=<v>} for each property and these environment variables. */
  static Process start(Path home, Map<String, String> properties, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+Ignore") || arg.startsWith("-Djdk.reflect")) {
        cmd.add(arg);
      }
    }
    Path project = Path.of(System.getProperty("mesh.project.dir", "../.."));
    cmd.add("-Dlog4j2.configurationFile=" + project.resolve("bin/log4j2.properties").toAbsolutePath());
    cmd.add("-Xmx1g");
    cmd.addAll(dev.mesh.testing.ChildJvm.OPTIONS);
    cmd.addAll(List.of("-Dmesh.home=" + home, "-Dmesh.spark.master=local[1]"));
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MeshCli.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("MESH_VERBOSE");
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Completes when the process has ended and its output is read; {@code start} is {@link System#nanoTime()}. */
  static CompletableFuture<Ended> ended(Process p, long start) {
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()), READERS);
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()), READERS);
    return p.onExit()
        .thenApply(
            done -> new Ended(p, p.exitValue(), out.join(), err.join(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
  }

  /** Runs {@code mesh <args>} to its end (at most 5 minutes). */
  static Ended run(Path home, Map<String, String> properties, Map<String, String> env, String... args) throws Exception {
    Process p = start(home, properties, env, args);
    try {
      return ended(p, System.nanoTime()).get(300, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
    }
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
