package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/mesh as a user runs it after the build: its JVM maps the class-data sharing archive the build recorded
 * (jobs/demo/target/mesh.jsa), so the CLI's own classes come from it, not from a jar; {@code MESH_CDS=0} starts
 * without it from the compiled classes, and both print the same plan; so does a JVM under a flight recording.
 */
class LauncherTest {
  private static final Path PROJECT = Path.of(System.getProperty("mesh.project.dir")).toAbsolutePath();

  @TempDir Path tmp;

  @Test
  void binMeshStartsFromTheArchiveTheBuildRecorded() throws IOException, InterruptedException {
    assertThat(PROJECT.resolve("jobs/demo/target/mesh.jsa")).as("recorded by the build (generate-test-resources)").isNotEmptyFile();

    Path withArchive = tmp.resolve("with.log");
    String planned = planAll(Map.of("MESH_JAVA_OPTS", "-Xlog:class+load=info:file=" + withArchive));
    assertThat(Files.readString(withArchive)).contains("dev.mesh.cli.MeshCli source: shared objects file (top)");

    Path without = tmp.resolve("without.log");
    String plannedWithout = planAll(Map.of("MESH_CDS", "0", "MESH_JAVA_OPTS", "-Xlog:class+load=info:file=" + without));
    assertThat(Files.readString(without))
        .doesNotContain("dev.mesh.cli.MeshCli source: shared objects file")
        .containsPattern("dev\\.mesh\\.cli\\.MeshCli source: file:.*/framework/cli/target/classes/");

    assertThat(planned).contains("customers.profile").isEqualTo(plannedWithout);
  }

  /** JDK 17 crashes (SIGSEGV) loading an archive's classes under a flight recording: bin/mesh then starts without it. */
  @Test
  void binMeshRunsUnderAFlightRecording() throws IOException, InterruptedException {
    Path recording = tmp.resolve("plan.jfr");
    Path classes = tmp.resolve("classes.log");

    String planned = planAll(Map.of("MESH_JAVA_OPTS",
        "-XX:StartFlightRecording=filename=" + recording + " -Xlog:class+load=info:file=" + classes));

    assertThat(planned).contains("customers.profile");
    assertThat(recording).isNotEmptyFile();
    assertThat(Files.readString(classes)).doesNotContain("dev.mesh.cli.MeshCli source: shared objects file");
  }

  private static String planAll(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", PROJECT.resolve("bin/mesh").toString(), "plan", "--all"));
    pb.environment().put("MESH_SKIP_BUILD", "1");
    pb.environment().remove("MESH_EXTRA_CLASSPATH");
    pb.environment().putAll(env);
    Process p = pb.start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(done).isTrue();
    assertThat(p.exitValue()).as("bin/mesh plan --all; stderr:\n%s", err).isZero();
    return out;
  }
}
