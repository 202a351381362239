package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.cli.MeshProcess.Ended;
import dev.mesh.notebook.Jupyter;
import dev.mesh.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code mesh notebook run} asked to stop (SIGTERM, as an orchestrator's timeout sends it) while its kernel runs a
 * cell: the process exits with 143 and says it stopped the notebooks, Jupyter's Python process and the kernel it
 * started end with it (before, they went on to the end of the notebooks with no one to read them), the notebook is
 * not written, and nothing of the run is left in its temporary directories (mesh's, Jupyter's connection files, the
 * kernel's Spark directories).
 */
class NotebookStopTest {
  @TempDir Path home;

  @Test
  void aNotebookRunAskedToStopStopsItsKernelAndLeavesNothingBehind() throws Exception {
    if (!Jupyter.find().available()) {
      String message = "Jupyter is not installed: " + Jupyter.INSTALL_HINT;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message + " (.ci/run does this)");
      }
      Assumptions.abort(message);
    }
    Files.createDirectories(home.resolve("conf"));
    Files.writeString(home.resolve("conf/mesh.conf"), "mesh { warehouse = \"" + home.resolve("warehouse") + "\" }\n");
    // One cell that would hold its kernel for two minutes.
    Path notebook = Files.writeString(home.resolve("slow.ipynb"), """
        {"cells": [{"cell_type": "code", "execution_count": null, "id": "slow", "metadata": {}, "outputs": [],
                    "source": ["SELECT java_method('java.lang.Thread', 'sleep', 120000L)"]}],
         "metadata": {"kernelspec": {"name": "mesh", "display_name": "mesh (Spark SQL)", "language": "sql"}},
         "nbformat": 4, "nbformat_minor": 5}
        """);
    Path tmp = Files.createDirectories(home.resolve("tmp"));
    Path out = home.resolve("out");

    long start = System.nanoTime();
    // Every temporary file of the run in one place: mesh's own, Jupyter's (TMPDIR) and the kernel's (Spark's).
    Process p = MeshProcess.start(home, Map.of("java.io.tmpdir", tmp.toString()),
        Map.of("TMPDIR", tmp.toString(), "MESH_KERNEL_JAVA_OPTS", String.join(" ", ChildJvm.OPTIONS) + " -Djava.io.tmpdir=" + tmp),
        "notebook", "run", notebook.toString(), "--output-dir", out.toString(), "--data-dir", home.resolve("jupyter").toString());
    List<ProcessHandle> started = List.of();
    Ended ended;
    try {
      CompletableFuture<Ended> end = MeshProcess.ended(p, start);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      // The kernel in its cell: its Spark session has made its directory (the cell's query needs one).
      while (!sparkStarted(tmp) && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(kernels(p)).as("the kernel Jupyter started for the notebook").hasSize(1);
      assertThat(sparkStarted(tmp)).as("the kernel's Spark session started").isTrue();
      started = p.descendants().toList(); // Python and the kernel
      p.toHandle().destroy(); // SIGTERM
      ended = end.get(60, TimeUnit.SECONDS);
      for (ProcessHandle h : started) {
        try {
          h.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stillRunning) {
          // asserted below
        }
        assertThat(h.isAlive()).as("%s, started by the run", h.info().command().orElse("a process")).isFalse();
      }
    } finally {
      started.forEach(ProcessHandle::destroyForcibly); // orphans, if the run left them
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }

    assertThat(ended.code()).as(ended.err()).isEqualTo(143);
    assertThat(ended.err()).contains("mesh: stopping the notebooks under way and their kernels")
        .doesNotContain("could not be executed").doesNotContain("Exception");
    assertThat(out.resolve("slow.ipynb")).as("a stopped notebook is not written").doesNotExist();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).as("left in the run's temporary directory").isEmpty();
    }
  }

  private static boolean sparkStarted(Path tmp) throws java.io.IOException {
    try (Stream<Path> entries = Files.list(tmp)) {
      return entries.anyMatch(e -> e.getFileName().toString().startsWith("spark-"));
    }
  }

  /** The kernels among {@code p}'s descendants: its JVMs (Jupyter's own process is Python). */
  private static List<ProcessHandle> kernels(Process p) {
    return p.descendants().filter(h -> h.info().command().orElse("").endsWith("/java")).toList();
  }
}
