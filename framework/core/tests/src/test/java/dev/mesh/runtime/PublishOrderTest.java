package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publication order of a run that quarantines rows: the quarantine commit comes first, so a published version
 * always has its quarantined rows, and a product write that fails after it leaves the product unchanged and the run
 * recorded failed (its quarantine rows tagged with that failed run).
 */
class PublishOrderTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);
  private static final LocalDate D2 = LocalDate.of(2024, 3, 2);

  @TempDir Path home;

  @Test
  void aWriteThatFailsAfterTheQuarantineCommitPublishesNothingAndIsRecordedFailed() {
    String id = "order.merged";
    TestMesh mesh = new TestMesh(home);
    // On the 2nd, DuplicatesOnTheSecond gives ids (1, 1, 1) with values 22, 23, 24: the value 24 is quarantined, the
    // two rows left share the merge key, so the MERGE fails at write time, after the quality gate passed.
    mesh.write("conf/order/merged.conf", Products.numbers(id, Transforms.DuplicatesOnTheSecond.class.getName(), "delta",
        ", mode = merge, merge-keys = [id]", "sla.rules = [ { rule = range, column = value, max = 23, on-failure = quarantine } ]"));
    MeshContext ctx = mesh.context();
    ProductId pid = ProductId.parse(id);
    RunResult first = new ProductRunner(ctx).run(ctx.config().product(id), D1);
    assertThat(first.status()).as(first.error()).isEqualTo(RunStatus.SUCCEEDED);
    long published = ctx.tables().forFormat(TableFormat.DELTA).currentVersion(pid).orElseThrow();

    RunResult failed = new ProductRunner(ctx).run(ctx.config().product(id), D2);

    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error()).contains("order.merged");
    assertThat(failed.tableVersion()).isNull();
    assertThat(ctx.tables().forFormat(TableFormat.DELTA).currentVersion(pid)).contains(published);
    assertThat(ctx.spark().sql("SELECT id FROM order.merged ORDER BY id").collectAsList()).extracting(Row::toString)
        .containsExactly("[1]", "[2]", "[3]");
    // The quarantine was committed first: its rows are there, tagged with the run mesh.runs records as failed.
    List<Row> quarantined = ctx.tables().delta().readCurrent(ctx.spark(), ProductId.parse("order_internal.merged_quarantine"))
        .select("value", "_mesh_run_id").collectAsList();
    assertThat(quarantined).hasSize(1);
    assertThat(quarantined.get(0).getLong(0)).isEqualTo(24);
    assertThat(quarantined.get(0).getString(1)).isEqualTo(failed.runId());
    List<Row> run = ctx.catalog().read(CatalogTable.RUNS).where("run_id = '" + failed.runId() + "'").select("status").collectAsList();
    assertThat(run).extracting(r -> r.getString(0)).containsExactly("failed");
  }

  @Test
  void aPublishedVersionAlwaysHasItsQuarantinedRowsCommittedBeforeIt() {
    String id = "order.ranged";
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/order/ranged.conf", Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "",
        "sla.rules = [ { rule = range, column = id, max = 2, on-failure = quarantine } ]"));
    MeshContext ctx = mesh.context();

    RunResult r = new ProductRunner(ctx).run(ctx.config().product(id), D1);

    assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
    long productCommit = commitMillis(ctx, "order/ranged", r.tableVersion());
    Row quarantineCommit =
        ctx.spark().sql("DESCRIBE HISTORY delta.`" + ctx.tables().delta().location(ProductId.parse("order_internal.ranged_quarantine")) + "`")
            .orderBy("version").collectAsList().get(0);
    assertThat(quarantineCommit.<java.sql.Timestamp>getAs("timestamp").getTime()).isLessThanOrEqualTo(productCommit);
  }

  private static long commitMillis(MeshContext ctx, String relative, long version) {
    String path = ctx.config().platform().deltaRoot() + "/" + relative;
    return ctx.spark().sql("DESCRIBE HISTORY delta.`" + path + "`").where("version = " + version)
        .select("timestamp").head().getTimestamp(0).getTime();
  }
}
