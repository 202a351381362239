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
 * Two processes run the same product for the same date at once (two {@code bin/mesh run}s): the one that gets the
 * product's lease runs, the other is refused at once with one line naming it; both are recorded, the table holds one
 * run's rows, and neither prints a stack trace.
 */
class OverlappingRunsTest {
  private static final String PRODUCT = "overlap.numbers";
  private static final String DATE = "2024-05-07";

  @TempDir Path home;

  @Test
  void theSecondOfTwoOverlappingRunsIsRefusedNamingTheFirstAndBothAreRecorded() throws Exception {
    TestMesh mesh = new TestMesh(home);
    // Append: a second write would show as twice the rows.
    mesh.write("conf/overlap/numbers.conf", Products.numbers(PRODUCT, Transforms.Gated.class.getName(), "delta", ", mode = append", ""));
    MeshContext ctx = mesh.context();
    Path gate = home.resolve("gate");
    Map<String, String> gated = Map.of(Transforms.GATE_PROPERTY, gate.toString());

    long start = System.nanoTime();
    Process a = MeshProcess.start(home, gated, Map.of(), "run", PRODUCT, "--date", DATE);
    Process b = MeshProcess.start(home, gated, Map.of(), "run", PRODUCT, "--date", DATE);
    Ended refused;
    Ended ran;
    try {
      CompletableFuture<Ended> endA = MeshProcess.ended(a, start);
      CompletableFuture<Ended> endB = MeshProcess.ended(b, start);
      // Whoever took the lease waits at the gate, so the other one can only end by being refused: wait for it, then
      // open the gate.
      refused = (Ended) CompletableFuture.anyOf(endA, endB).get(300, TimeUnit.SECONDS);
      Files.createFile(gate);
      ran = (refused.process() == a ? endB : endA).get(300, TimeUnit.SECONDS);
    } finally {
      a.destroyForcibly();
      b.destroyForcibly();
    }

    assertThat(ran.code()).as("the run that held the lease; stdout:%n%s%nstderr:%n%s", ran.out(), ran.err()).isZero();
    assertThat(refused.code()).as("the refused run; stdout:%n%s%nstderr:%n%s", refused.out(), refused.err()).isEqualTo(1);

    List<Row> runs =
        ctx.catalog().read(CatalogTable.RUNS).where(functions.col("product").equalTo(PRODUCT))
            .select("run_id", "status", "error").orderBy("status").collectAsList();
    assertThat(runs).extracting(r -> r.getString(1)).containsExactly("busy", "succeeded");
    String winner = runs.get(1).getString(0);
    String message = runs.get(0).getString(2);
    assertThat(message)
        .startsWith("Not run: another run of " + PRODUCT + " is in progress (run " + winner + " for " + DATE + ", on host ")
        .contains(", pid " + ran.process().pid() + ", since ")
        .contains("Wait for it to end")
        .doesNotContain("\n");
    // The refused process says it in one line on stderr, and that is all it says there.
    assertThat(refused.err().lines().filter(l -> !l.isBlank()).toList()).containsExactly(PRODUCT + " " + DATE + ": " + message);
    assertThat(refused.out()).contains("busy").contains("Exit code 1");
    for (Ended e : List.of(ran, refused)) {
      assertThat(e.err()).as("stderr").doesNotContain("Exception").doesNotContain("at org.apache").doesNotContain("\tat ");
    }
    assertThat(ctx.spark().sql("SELECT count(*) FROM " + PRODUCT).head().getLong(0)).as("one run's rows").isEqualTo(3);
    System.out.printf(
        "overlapping runs: refused after %d ms, the other ended after %d ms%n", refused.afterMs(), ran.afterMs());
  }
}
