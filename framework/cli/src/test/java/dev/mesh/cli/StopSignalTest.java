package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.cli.MeshProcess.Ended;
import dev.mesh.runtime.MeshContext;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code mesh run} asked to stop while a run is in its transform: SIGTERM, as an orchestrator's timeout or a
 * Kubernetes eviction sends it (Ctrl-C takes the same path). The run under way is recorded failed with the reason, the
 * product keeps its previous version, what depends on it does not start, nothing prints a stack trace, and the
 * process exits with 143.
 */
class StopSignalTest {
  private static final String PRODUCT = "stop.numbers";
  private static final String DOWNSTREAM = "stop.doubled";

  @TempDir Path home;

  @Test
  void aRunAskedToStopIsRecordedCancelledKeepsThePreviousVersionAndStartsNothingMore() throws Exception {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/stop/numbers.conf", Products.numbers(PRODUCT, Transforms.Gated.class.getName(), "delta", ", mode = append", ""));
    mesh.write("conf/stop/doubled.conf", Products.numbers(DOWNSTREAM, Transforms.Doubler.class.getName(), "delta", "",
        "inputs { upstream = " + PRODUCT + " }"));
    // The previous version, in this JVM (no gate here): 3 rows.
    Cli.Result first = Cli.run(home, "run", PRODUCT, "--date", "2024-05-01");
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();

    Path reached = home.resolve("reached");
    Map<String, String> gated =
        Map.of(Transforms.GATE_PROPERTY, home.resolve("never-opened").toString(), Transforms.REACHED_PROPERTY, reached.toString());
    long start = System.nanoTime();
    Process p = MeshProcess.start(home, gated, Map.of(), "run", PRODUCT + "+", "--date", "2024-05-02");
    Ended ended;
    try {
      CompletableFuture<Ended> end = MeshProcess.ended(p, start);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
      while (!Files.exists(reached) && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(reached).as("the run reached its transform").exists();
      p.toHandle().destroy(); // SIGTERM (Process.destroy would also close the streams the output is read from)
      ended = end.get(120, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
    }

    String all = "stdout:\n" + ended.out() + "\nstderr:\n" + ended.err();
    assertThat(ended.code()).as(all).isEqualTo(143);
    String cancelled =
        "Cancelled: mesh was asked to stop by SIGTERM or Ctrl-C; the run stopped before publishing, so its table is unchanged.";
    assertThat(ended.err()).as(all).contains("mesh: stopping: ").contains(PRODUCT + " 2024-05-02: " + cancelled)
        .doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(ended.out()).as(all).contains("cancelled before it started: mesh was asked to stop by SIGTERM or Ctrl-C")
        .contains("0 of 2 runs succeeded (1 failed, 1 skipped). Stopped: the process exits with 143 (SIGTERM) or 130 (Ctrl-C).");

    MeshContext ctx = mesh.context();
    List<Row> runs =
        ctx.catalog().read(CatalogTable.RUNS).where(functions.col("logical_date").equalTo("2024-05-02"))
            .select("product", "status", "error").collectAsList();
    // The run under way is recorded; the one that never started did nothing and has no row.
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).getString(0)).isEqualTo(PRODUCT);
    assertThat(runs.get(0).getString(1)).isEqualTo("failed");
    assertThat(runs.get(0).getString(2)).isEqualTo(cancelled);
    assertThat(ctx.catalog().read(CatalogTable.QUALITY).where(functions.col("logical_date").equalTo("2024-05-02")).count())
        .as("no quality result for a verification that never ran").isZero();
    assertThat(ctx.spark().sql("SELECT count(*) FROM " + PRODUCT).head().getLong(0)).as("the previous version's rows").isEqualTo(3);
    System.out.printf("stopped run: the process ended %d ms after it started%n", ended.afterMs());
  }
}
