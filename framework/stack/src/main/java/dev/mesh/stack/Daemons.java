package dev.mesh.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The stack's Java services as processes of their own: started in a new session (they outlive {@code mesh stack up}
 * and a Ctrl-C in its terminal), found again by pid and main class from another process, and stopped.
 */
final class Daemons {
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  /**
   * The JIT and collector of every service JVM: a one-machine stack serves one user's commands, so C2's compilations
   * and G1's threads cost more CPU than they save. Measured by bench/stack/run.sh (the demo's products for 1995-06-01
   * run on the stack on its store, MESH_ENV=shared): the services used 21-24 s of CPU from their start to the run's
   * end, against 39-42 s with the JVM's defaults; the run took as long. {@code MESH_STACK_JAVA_OPTS} comes after these
   * and the service's own heap, so a later flag there wins (the JVM's defaults again: {@code -XX:TieredStopAtLevel=4
   * -XX:-UseSerialGC}).
   */
  static final List<String> SERVICE_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m", "-XX:+UseSerialGC");

  private Daemons() {}

  /**
   * Starts {@code java -Dmesh.stack.service=<service> <SERVICE_JVM> <jvmOptions> <MESH_STACK_JAVA_OPTS> -cp <classpath>
   * <mainClass> <args>}, its output appended to {@code log}. The marker comes first: Linux shows only the first 4096
   * characters of a command line to other processes, and the classpath is longer.
   */
  static long startJava(
      String service, List<String> jvmOptions, String classpath, String mainClass, List<String> args, Map<String, String> env,
      Path workDir, Path log) {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      cmd.add(SETSID.toString());
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(marker(service));
    cmd.addAll(SERVICE_JVM);
    cmd.addAll(jvmOptions);
    for (String option : System.getenv().getOrDefault("MESH_STACK_JAVA_OPTS", "").strip().split("\\s+")) {
      if (!option.isEmpty()) {
        cmd.add(option);
      }
    }
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    // The services take their settings from us only (RESTCatalogServer reads every CATALOG_* variable).
    pb.environment().keySet().removeIf(k -> k.startsWith("CATALOG_") || k.startsWith("HIVE_") || k.equals("CLASSPATH"));
    pb.environment().putAll(env);
    try {
      // setsid execs the JVM (the child is not a group leader), so this pid is the JVM's.
      return pb.start().pid();
    } catch (IOException e) {
      throw new StackException("Cannot start " + mainClass + ": " + e.getMessage(), e);
    }
  }

  private static String marker(String service) {
    return "-Dmesh.stack.service=" + service;
  }

  /** The live process {@code pid} if it still is that service's JVM (a pid reused by another program is not ours). */
  static Optional<ProcessHandle> find(long pid, String service) {
    if (pid <= 0) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker(service) + " ")).orElse(false));
  }

  static boolean alive(long pid, String service) {
    return find(pid, service).isPresent();
  }

  /**
   * Whether the process this JVM just started still runs, whatever its command line says yet: between the fork and the
   * exec of {@code setsid} and then {@code java}, the command line is another program's or unreadable (seen here about
   * once in fifty starts, more under load), so {@link #alive} would call a service that is starting dead.
   */
  static boolean starting(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Stops it (SIGTERM, then SIGKILL after {@code graceSeconds}); true if it was running. */
  static boolean stop(long pid, String service, int graceSeconds) {
    Optional<ProcessHandle> p = find(pid, service);
    if (p.isEmpty()) {
      return false;
    }
    ProcessHandle h = p.get();
    h.destroy();
    try {
      h.onExit().get(graceSeconds, TimeUnit.SECONDS);
    } catch (Exception notYet) {
      h.destroyForcibly();
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new StackException("Cannot stop process " + pid + " (" + service + "): it is still running after SIGKILL");
      }
    }
    return true;
  }
}
