package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.cli.MeshProcess.Ended;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failed run prints, from a new JVM as bin/mesh starts it: mesh's own lines only; what Delta logs (an ERROR
 * with a 100-line stack trace for a failed MERGE) goes to logs/mesh.log, and to stderr only when verbose.
 */
class FailedRunOutputTest {
  @TempDir Path home;

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aFailedRunPrintsOneLineAndTheLibrariesLogOnlyWhenVerbose() throws Exception {
    TestMesh mesh = TestMesh.withoutSpark(home);
    // On the 2nd, three source rows match one target row: Delta's MERGE fails and logs it with its stack trace.
    mesh.write(
        "conf/quiet/dupes.conf",
        Products.numbers("quiet.dupes", Transforms.DuplicatesOnTheSecond.class.getName(), "delta", ", mode = merge, merge-keys = [id]", ""));

    Ended quiet = MeshProcess.run(home, Map.of(), Map.of(), "run", "quiet.dupes", "--from", "2024-03-01", "--to", "2024-03-02");

    assertThat(quiet.code()).as("stderr:%n%s", quiet.err()).isEqualTo(1);
    List<String> lines = quiet.err().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).singleElement().asString()
        .startsWith("quiet.dupes 2024-03-02: Run of quiet.dupes failed: [DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE]")
        .endsWith("The previous version stays published.");
    Path log = home.resolve("logs/mesh.log");
    assertThat(log).exists();
    assertThat(Files.readString(log))
        .contains("ERROR org.apache.spark.sql.delta.commands.MergeIntoCommand: Fatal error in MERGE")
        .contains("\tat org.apache.spark.sql.delta.")
        // Delta Kernel's warning that a table younger than its first checkpoint has none: true of every small table,
        // it filled most of a demo's log (227 of its 307 lines) and reads like damage ("missing or corrupted").
        .doesNotContain("Last checkpoint file is missing", "Starting checkpoint is missing");
    // Each run's lines, the libraries' included, also go to the run's own file (mesh.runs.log, mesh logs <run-id>).
    List<Path> runLogs;
    try (var files = Files.list(home.resolve("logs/runs"))) {
      runLogs = files.sorted().toList();
    }
    assertThat(runLogs).hasSize(2);
    String failedRunLog =
        runLogs.stream().map(FailedRunOutputTest::read).filter(t -> t.contains("ended failed")).findFirst().orElseThrow();
    assertThat(failedRunLog)
        .contains("quiet.dupes 2024-03-02 org.apache.spark.sql.delta.commands.MergeIntoCommand: Fatal error in MERGE")
        .contains("INFO [mesh-run] quiet.dupes 2024-03-02 dev.mesh.runtime.ProductRunner: run ")
        .doesNotContain("2024-03-01");
    assertThat(Files.readString(log)).contains("[run " + runLogs.get(0).getFileName().toString().replace(".log", "") + " quiet.dupes] ");

    // -Dmesh.verbose=true (as MESH_JAVA_OPTS passes it; MESH_VERBOSE=1 does the same).
    Ended verbose = MeshProcess.run(home, Map.of("mesh.verbose", "true"), Map.of(), "run", "quiet.dupes", "--date", "2024-03-02");

    assertThat(verbose.code()).as("stderr:%n%s", verbose.err()).isEqualTo(1);
    assertThat(verbose.err()).contains("ERROR MergeIntoCommand: Fatal error in MERGE").contains("\tat org.apache.spark.sql.delta.");
  }
}
