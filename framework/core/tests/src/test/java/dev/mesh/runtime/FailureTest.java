package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.TableFormat;
import dev.mesh.storage.TableStore;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A run that fails at any stage publishes nothing, keeps the previous version readable, and is recorded. */
class FailureTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);
  private static final LocalDate D2 = LocalDate.of(2024, 3, 2);

  @TempDir Path home;

  private MeshContext declare(String id, Class<?> transform, TableFormat format, String outputExtras, String extra) {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/" + id + ".conf", Products.numbers(id, transform.getName(), format.label(), outputExtras, extra));
    return mesh.context();
  }

  private static List<String> rows(MeshContext ctx, String id) {
    return ctx.spark().sql("SELECT * FROM " + id + " ORDER BY id").collectAsList().stream().map(Row::toString).toList();
  }

  private static Row lastRun(MeshContext ctx, String id) {
    return ctx.catalog().read(CatalogTable.RUNS).where(functions.col("product").equalTo(id))
        .orderBy(functions.col("started_at").desc()).head();
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void aWriteThatFailsMidwayLeavesThePreviousVersion(TableFormat format) {
    String id = "fail_" + format.label() + ".merge_dupes";
    MeshContext ctx = declare(id, Transforms.DuplicatesOnTheSecond.class, format, ", mode = merge, merge-keys = [id]", "");
    ProductDescriptor d = ctx.config().product(id);
    TableStore store = ctx.tables().forFormat(format);
    assertThat(new ProductRunner(ctx).run(d, D1).status()).isEqualTo(RunStatus.SUCCEEDED);
    long published = store.currentVersion(d.id()).orElseThrow();
    List<String> before = rows(ctx, id);

    // Three source rows match the same target row: the MERGE fails inside the write.
    RunResult failed = new ProductRunner(ctx).run(d, D2);

    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error()).contains("Run of " + id + " failed").contains("previous version stays published");
    assertThat(failed.timingsMs()).containsKey("write");
    assertThat(store.currentVersion(d.id())).contains(published);
    assertThat(rows(ctx, id)).isEqualTo(before).hasSize(3);
    Row run = lastRun(ctx, id);
    assertThat(run.<String>getAs("status")).isEqualTo("failed");
    assertThat(run.<String>getAs("error")).contains("Run of " + id + " failed");
    assertThat(run.<String>getAs("run_id")).isEqualTo(failed.runId());
  }

  @Test
  void aTransformThatFailsWhileComputingPublishesNothing() {
    String id = "fail_compute.numbers";
    MeshContext ctx = declare(id, Transforms.FailsOnTheSecond.class, TableFormat.DELTA, ", mode = overwrite", "");
    ProductDescriptor d = ctx.config().product(id);
    assertThat(new ProductRunner(ctx).run(d, D1).status()).isEqualTo(RunStatus.SUCCEEDED);
    List<String> before = rows(ctx, id);

    RunResult failed = new ProductRunner(ctx).run(d, D2);

    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error()).contains("bad source row");
    assertThat(rows(ctx, id)).isEqualTo(before);
    assertThat(lastRun(ctx, id).<String>getAs("status")).isEqualTo("failed");
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void anOutputThatBreaksItsContractIsRefusedWithTheDifference(TableFormat format) {
    String id = "contract_" + format.label() + ".numbers";
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/" + id + ".conf", Products.numbers(id, Transforms.Numbers.class.getName(), format.label(), "", ""));
    MeshContext ctx = mesh.context();
    assertThat(new ProductRunner(ctx).run(ctx.config().product(id), D1).status()).isEqualTo(RunStatus.SUCCEEDED);
    long published = ctx.tables().forFormat(format).currentVersion(ctx.config().product(id).id()).orElseThrow();

    // The same product, now with a transform whose output breaks the declared schema.
    mesh.write("conf/" + id + ".conf", Products.numbers(id, Transforms.WrongShape.class.getName(), format.label(), "", ""));
    MeshContext changed = mesh.context();
    RunResult r = new ProductRunner(changed).run(changed.config().product(id), D2);

    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error())
        .contains("breaks its schema contract")
        .contains("column 'value' is string, the contract says bigint")
        .contains("extra column 'extra' (int) is not in the contract");
    assertThat(changed.tables().forFormat(format).currentVersion(changed.config().product(id).id())).contains(published);
    assertThat(rows(changed, id)).hasSize(3).first().asString().startsWith("[1,2024-03-01");
  }

  @Test
  void aMissingInputIsReportedWithExitCodeFour() {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/miss/up.conf", Products.numbers("miss.up", Transforms.Numbers.class.getName(), "delta", "", ""));
    mesh.write(
        "conf/miss/down.conf",
        Products.numbers("miss.down", Transforms.Doubler.class.getName(), "delta", "", "inputs { upstream = miss.up }"));
    MeshContext ctx = mesh.context();
    RunResult r = new ProductRunner(ctx).run(ctx.config().product("miss.down"), D1);
    assertThat(r.status()).isEqualTo(RunStatus.INPUT_MISSING);
    assertThat(r.status()).isEqualTo(RunStatus.INPUT_MISSING);
    assertThat(r.error()).contains("input 'upstream' (miss.up) has never been published").contains("bin/mesh run miss.up");

    assertThat(new ProductRunner(ctx).run(ctx.config().product("miss.up"), D1).status()).isEqualTo(RunStatus.SUCCEEDED);
    RunResult ok = new ProductRunner(ctx).run(ctx.config().product("miss.down"), D1);
    assertThat(ok.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rows(ctx, "miss.down")).containsExactly("[1,2024-03-01,22]", "[2,2024-03-01,24]", "[3,2024-03-01,26]");
  }
}
