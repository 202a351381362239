package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.stack.Stack;
import dev.mesh.stack.testing.SharedStack;
import dev.mesh.testing.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shared-deployment services of this test JVM, started once the way a user starts them: {@code bin/mesh stack up
 * --on-store} (PostgreSQL, the Iceberg REST catalog, the Hive metastore and S3Proxy, warehouse {@code
 * s3a://mesh/warehouse}) in a mesh JVM of its own, then {@code eval "$(bin/mesh stack env)"}: the variables are what
 * another mesh JVM printed as export lines. Stopped, and its directory removed, when this JVM exits.
 */
final class SharedServices {
  /**
   * What the tests that run the demo's products on these services lock ({@code @ResourceLock} on those test methods
   * only): two runs of one product at once would be refused (the product leases), so the runs take turns, and the
   * reading tests go on meanwhile.
   */
  static final String LOCK = "dev.mesh.demo.SharedServices";

  private static Map<String, String> env;

  private SharedServices() {}

  /** Skips (or under CI fails) when the services cannot run here, naming the package to install. */
  static synchronized Map<String, String> env() {
    SharedStack.assumeAvailable();
    if (env == null) {
      env = start();
    }
    return env;
  }

  private static Map<String, String> start() {
    try {
      // Readable by others: PostgreSQL runs as the user postgres when the tests run as root.
      Path state = Files.createTempDirectory("mesh-demo-stack-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(state), "mesh-demo-stack-down"));
      Path logs = TempDirs.create("mesh-demo-stack-cli");
      // As bin/mesh starts it: the project as mesh.home (where the services' classpath files are).
      List<String> jvm = List.of("-Xmx256m", "-Dmesh.home=" + DemoRun.projectDir(), "-cp", System.getProperty("java.class.path"));
      Jvm.Result up = Jvm.run(logs, "stack-up", Map.of(), jvm, "dev.mesh.cli.MeshCli", "stack", "up", "--on-store", "--state-dir", state.toString());
      if (up.code() != 0) { // the state directory goes when this JVM exits; its logs are what says why
        throw new AssertionError("bin/mesh stack up --on-store exited " + up.code() + up.tail()
            + "\n[the stack's logs are kept in " + dev.mesh.stack.testing.FailedStacks.keepLogs(state) + "]");
      }
      assertThat(String.join("\n", up.stdoutLines())).as("what stack up prints")
          .contains("object store (S3)     http://127.0.0.1:").contains("warehouse             s3a://mesh/warehouse");
      Jvm.Result printed = Jvm.run(logs, "stack-env", Map.of(), jvm, "dev.mesh.cli.MeshCli", "stack", "env", "--state-dir", state.toString());
      assertThat(printed.code()).as("bin/mesh stack env" + printed.tail()).isZero();
      Map<String, String> vars = exports(printed.stdoutLines());
      assertThat(vars).containsEntry("MESH_WAREHOUSE", "s3a://mesh/warehouse")
          .containsKeys("MESH_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "MESH_PG_URL", "MESH_PG_PASSWORD");
      // Nothing of the keys in what stack up printed.
      assertThat(String.join("\n", up.stdoutLines()) + String.join("\n", up.stderrLines()))
          .doesNotContain(vars.get("AWS_SECRET_ACCESS_KEY")).doesNotContain(vars.get("MESH_PG_PASSWORD"));
      return vars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a POSIX shell sets from {@code export K=v} / {@code export K='v'} lines (the quoting stack env writes). */
  static Map<String, String> exports(List<String> lines) {
    Pattern line = Pattern.compile("^export ([A-Z_][A-Z0-9_]*)=(.*)$");
    Map<String, String> vars = new LinkedHashMap<>();
    for (String l : lines) {
      Matcher m = line.matcher(l);
      assertThat(m.matches()).as("an export line: %s", l).isTrue();
      String v = m.group(2);
      if (v.startsWith("'")) {
        assertThat(v).endsWith("'");
        v = v.substring(1, v.length() - 1).replace("'\\''", "'");
      }
      vars.put(m.group(1), v);
    }
    return vars;
  }

  private static void stopAndDelete(Path state) {
    try {
      Stack.in(state).down();
    } finally {
      try (Stream<Path> files = Files.walk(state)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary directory: left to the system
      }
    }
  }
}
