package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every write mode on both table formats, through the whole run path. */
class WriteModesTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);
  private static final LocalDate D2 = LocalDate.of(2024, 3, 2);

  @TempDir Path home;

  private record Fixture(MeshContext ctx, ProductDescriptor product, TableStore store) {
    RunResult run(LocalDate d) {
      RunResult r = new ProductRunner(ctx).run(product, d);
      assertThat(r.status()).as("run of %s on %s: %s", product.id(), d, r.error()).isEqualTo(RunStatus.SUCCEEDED);
      return r;
    }

    List<String> rows() {
      return ctx.spark().sql("SELECT id, day, value FROM " + product.id() + " ORDER BY day, id").collectAsList().stream()
          .map(Row::toString).toList();
    }
  }

  private Fixture fixture(TableFormat format, String mode, String outputExtras) {
    String id = "wm_" + format.label() + "." + mode.replace('-', '_');
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/" + id + ".conf", Products.numbers(id, Transforms.Numbers.class.getName(), format.label(), ", mode = " + mode + " " + outputExtras, ""));
    MeshContext ctx = mesh.context();
    ProductDescriptor d = ctx.config().product(id);
    return new Fixture(ctx, d, ctx.tables().forFormat(format));
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void overwriteReplacesTheTable(TableFormat format) {
    Fixture f = fixture(format, "overwrite", "");
    f.run(D1);
    RunResult second = f.run(D2);
    assertThat(f.rows()).containsExactly("[2,2024-03-02,22]", "[3,2024-03-02,23]", "[4,2024-03-02,24]");
    assertThat(second.rowsWritten()).isEqualTo(3);
    assertThat(second.tableVersion()).isEqualTo(f.store().currentVersion(f.product().id()).orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void appendAddsRows(TableFormat format) {
    Fixture f = fixture(format, "append", "");
    f.run(D1);
    f.run(D2);
    assertThat(f.rows()).hasSize(6).startsWith("[1,2024-03-01,11]").endsWith("[4,2024-03-02,24]");
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void mergeUpsertsOnKeys(TableFormat format) {
    Fixture f = fixture(format, "merge", ", merge-keys = [id]");
    f.run(D1);
    f.run(D2);
    f.run(D2);
    assertThat(f.rows())
        .containsExactly("[1,2024-03-01,11]", "[2,2024-03-02,22]", "[3,2024-03-02,23]", "[4,2024-03-02,24]");
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void overwritePartitionsReplacesOnlyTheDatesWritten(TableFormat format) {
    Fixture f = fixture(format, "overwrite-partitions", ", partitioned-by = [day]");
    f.run(D1);
    f.run(D2);
    long before = f.store().currentVersion(f.product().id()).orElseThrow();
    f.run(D1);
    assertThat(f.rows())
        .containsExactly(
            "[1,2024-03-01,11]", "[2,2024-03-01,12]", "[3,2024-03-01,13]",
            "[2,2024-03-02,22]", "[3,2024-03-02,23]", "[4,2024-03-02,24]");
    assertThat(f.store().currentVersion(f.product().id()).orElseThrow()).isNotEqualTo(before);
  }
}
