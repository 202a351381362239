package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.model.ProductId;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose process died holding its lease (kill -9: FileLeasesTest shows the lease file then still names it) is
 * recorded failed by the next run of its product, once, so that the latest outcomes do not skip it, and alerts as a
 * failed run does.
 */
class AbandonedRunTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);

  @TempDir Path home;

  private static List<Row> runs(MeshContext ctx, String runId) {
    return ctx.catalog().read(CatalogTable.RUNS).where("run_id = '" + runId + "'").collectAsList();
  }

  @Test
  void theNextRunRecordsARunWhoseProcessDiedHoldingTheLease() throws Exception {
    String id = "abandon.numbers";
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/abandon/numbers.conf", Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "", ""));
    // Alerts on (mesh.alerts.enabled is true by default; no channel is configured, so they are recorded, not sent).
    MeshContext ctx = mesh.meshWithAlerts(Map.of()).context();
    ProductId product = ProductId.parse(id);
    // What a killed run leaves: its name in the lease file, the lock gone with its process.
    Path file = FileLeases.under(ctx.config().platform().warehouse()).orElseThrow().fileOf(product);
    Files.createDirectories(file.getParent());
    LeaseHolder dead = new LeaseHolder("dead-run-" + System.nanoTime(), product, D1, "etl-7", 4242, Instant.parse("2024-03-02T03:00:12Z"));
    Files.writeString(file, dead.format());

    RunResult next = new ProductRunner(ctx).run(ctx.config().product(id), D1.plusDays(1));

    assertThat(next.status()).as(next.error()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(runs(ctx, dead.runId())).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("status")).isEqualTo("failed");
      assertThat(r.<String>getAs("product")).isEqualTo(id);
      assertThat(r.<java.sql.Date>getAs("logical_date").toLocalDate()).isEqualTo(D1);
      assertThat(r.<java.sql.Timestamp>getAs("started_at").toInstant()).isEqualTo(dead.since());
      assertThat(r.<String>getAs("error"))
          .startsWith("Run " + dead.runId() + " of abandon.numbers for 2024-03-01 ended without an outcome: its process (pid 4242 on"
              + " etl-7, running since 2024-03-02T03:00:12Z) stopped while it held the product's lease")
          .contains("Found by run " + next.runId());
    });
    assertThat(file).isEmptyFile();
    // It raised its alert, as a failed run does, and the run that found it, succeeding, resolved it.
    List<Row> alerts = ctx.catalog().read(CatalogTable.ALERTS).where("product = '" + id + "'").orderBy("recorded_at").collectAsList();
    assertThat(alerts).extracting(r -> r.<String>getAs("event") + " " + r.<String>getAs("kind")).containsExactly("raised failed", "resolved failed");
    assertThat(alerts.get(0).<String>getAs("summary"))
        .startsWith("run of abandon.numbers for 2024-03-01 failed: Run " + dead.runId() + " of abandon.numbers for 2024-03-01 ended without an outcome");

    // Recorded once: the name is gone from the lease, and a lease that still named it would find its row.
    Files.writeString(file, dead.format());
    assertThat(new ProductRunner(ctx).run(ctx.config().product(id), D1.plusDays(2)).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(runs(ctx, dead.runId())).hasSize(1);
    assertThat(ctx.catalog().read(CatalogTable.ALERTS).where("product = '" + id + "'").count()).isEqualTo(2);
  }
}
