package dev.mesh.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of a test (a mesh driver, an analyst's session, bin/mesh) with the Java 17 flags and the options of a
 * short-lived child ({@link dev.mesh.testing.ChildJvm}); stdout and stderr in {@code <dir>/<name>.out|err}.
 */
final class Jvm {
  private Jvm() {}

  record Running(String name, Process process, Path out, Path err) {
    Result await(long seconds) throws IOException {
      try {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new AssertionError(name + " did not finish within " + seconds + " s" + new Result(-1, out, err).tail());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new AssertionError(name + " interrupted");
      }
      return new Result(process.exitValue(), out, err);
    }
  }

  record Result(int code, Path out, Path err) {
    List<String> stdoutLines() {
      return read(out);
    }

    List<String> stderrLines() {
      return read(err);
    }

    /** stdout's {@code <key> <value>} lines, the key being everything before the last space. */
    Map<String, String> lines() {
      Map<String, String> m = new LinkedHashMap<>();
      for (String l : stdoutLines()) {
        int i = l.lastIndexOf(' ');
        if (i > 0) {
          m.put(l.substring(0, i), l.substring(i + 1));
        }
      }
      return m;
    }

    /** The ends of both outputs, for assertion messages. */
    String tail() {
      return "\n--- stdout " + out + "\n" + last(stdoutLines()) + "\n--- stderr " + err + "\n" + last(stderrLines());
    }

    private static String last(List<String> lines) {
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static List<String> read(Path p) {
      try {
        return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
      } catch (IOException e) {
        return List.of("(unreadable: " + e.getMessage() + ")");
      }
    }
  }

  static Running start(Path dir, String name, Map<String, String> env, List<String> jvmOptions, String mainClass, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(SparkClusterTest.JAVA17_FLAGS);
    cmd.addAll(dev.mesh.testing.ChildJvm.OPTIONS);
    cmd.addAll(jvmOptions);
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return launch(dir, name, cmd, env);
  }

  /**
   * bin/mesh as a user runs it after the build (its classpath, its class-data archive), with {@code env} and, in
   * {@code MESH_JAVA_OPTS}, the options of a short-lived child and {@code javaOptions} (no spaces inside an option).
   */
  static Result launcher(Path dir, String name, Map<String, String> env, List<String> javaOptions, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", DemoRun.projectDir().resolve("bin/mesh").toString()));
    cmd.addAll(List.of(args));
    Map<String, String> launcherEnv = new LinkedHashMap<>();
    launcherEnv.put("MESH_SKIP_BUILD", "1");
    List<String> options = new ArrayList<>(dev.mesh.testing.ChildJvm.OPTIONS);
    options.addAll(javaOptions);
    launcherEnv.put("MESH_JAVA_OPTS", String.join(" ", options));
    launcherEnv.putAll(env);
    return launch(dir, name, cmd, launcherEnv).await(TimeUnit.MINUTES.toSeconds(20));
  }

  private static Running launch(Path dir, String name, List<String> cmd, Map<String, String> env) throws IOException {
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("MESH_") || k.startsWith("SPARK_"));
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(env);
    return new Running(name, pb.start(), out, err);
  }

  static Result run(Path dir, String name, Map<String, String> env, List<String> jvmOptions, String mainClass, String... args)
      throws IOException {
    // A guard against a hang, not a speed check: a whole demo date on a 2-core machine shared with other builds took
    // over 10 minutes once.
    return start(dir, name, env, jvmOptions, mainClass, args).await(TimeUnit.MINUTES.toSeconds(20));
  }
}
