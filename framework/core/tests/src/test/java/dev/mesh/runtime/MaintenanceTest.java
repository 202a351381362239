package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.storage.TableStore;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * mesh maintain on both formats: a product whose retention has passed loses its superseded versions' files, keeps its
 * current version (number and rows); one within its retention loses nothing; a product whose lease another run holds
 * is left alone; a maintenance that died holding a lease records no run.
 */
class MaintenanceTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);

  @TempDir Path home;

  private static long files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("_delta_log")).filter(p -> !p.getFileName().toString().startsWith(".")).count();
    }
  }

  private static Path dir(String location) {
    return location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
  }

  private static List<String> rows(MeshContext ctx, TableStore store, ProductId id, long version) {
    return store.read(ctx.spark(), id, version).orderBy("id").collectAsList().stream().map(Row::toString).toList();
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void versionsPastTheirRetentionLoseTheirFilesAndTheCurrentOneStays(TableFormat format) throws Exception {
    String expired = "maint_" + format.label() + ".expired";
    String kept = "maint_" + format.label() + ".kept";
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/" + expired + ".conf", Products.numbers(expired, Transforms.Numbers.class.getName(), format.label(), ", retention = 0s", ""));
    mesh.write("conf/" + kept + ".conf", Products.numbers(kept, Transforms.Numbers.class.getName(), format.label(), "", ""));
    MeshContext ctx = mesh.context();
    TableStore store = ctx.tables().forFormat(format);
    ProductDescriptor e = ctx.config().product(expired);
    ProductDescriptor k = ctx.config().product(kept);
    assertThat(ctx.config().platform().retentionOf(e)).isEqualTo(Duration.ZERO);
    assertThat(ctx.config().platform().retentionOf(k)).as("mesh.storage.retention's default").isEqualTo(Duration.ofDays(30));
    long[] first = new long[2];
    for (int day = 0; day < 2; day++) {
      for (ProductDescriptor p : List.of(e, k)) {
        RunResult r = new ProductRunner(ctx).run(p, D1.plusDays(day));
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        if (day == 0) {
          first[p == e ? 0 : 1] = r.tableVersion();
        }
      }
    }
    long current = store.currentVersion(e.id()).orElseThrow();
    List<String> currentRows = rows(ctx, store, e.id(), current);
    assertThat(rows(ctx, store, e.id(), first[0])).as("the first version, before").hasSize(3).isNotEqualTo(currentRows);
    Path expiredDir = dir(store.location(e.id()));
    long before = files(expiredDir);

    Maintenance maintenance = new Maintenance(ctx);
    Maintenance.Outcome out = maintenance.maintain(e);
    Maintenance.Outcome in = maintenance.maintain(k);

    assertThat(out.ok()).as(out.error()).isTrue();
    assertThat(out.tables()).singleElement().satisfies(t -> assertThat(t.filesDeleted()).isPositive());
    // Iceberg's expiry is a commit of its own: one metadata file more.
    assertThat(files(expiredDir)).as("files left in %s", expiredDir)
        .isEqualTo(before - out.filesDeleted() + (format == TableFormat.ICEBERG ? 1 : 0));
    assertThat(store.currentVersion(e.id())).as("the version its last run published").contains(current);
    assertThat(rows(ctx, store, e.id(), current)).isEqualTo(currentRows);
    assertThat(ctx.spark().sql("SELECT count(*) FROM " + expired).first().getLong(0)).isEqualTo(3);
    assertThatThrownBy(() -> rows(ctx, store, e.id(), first[0])).as("the first version, after").isInstanceOf(Exception.class);
    assertThat(in.ok()).as(in.error()).isTrue();
    assertThat(in.filesDeleted()).as("within its retention").isZero();
    assertThat(rows(ctx, store, k.id(), first[1])).as("the first version of the kept product").hasSize(3);

    // The product runs on after it, the lease released.
    assertThat(new ProductRunner(ctx).run(e, D1.plusDays(2)).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @org.junit.jupiter.api.Test
  void aProductARunHoldsIsLeftAloneAndADeadMaintenanceRecordsNoRun() throws Exception {
    TableFormat format = TableFormat.DELTA;
    String id = "maint_busy.numbers";
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/" + id + ".conf", Products.numbers(id, Transforms.Numbers.class.getName(), format.label(), ", retention = 0s", ""));
    MeshContext ctx = mesh.context();
    ProductDescriptor p = ctx.config().product(id);
    TableStore store = ctx.tables().forFormat(format);
    ProductRunner runner = new ProductRunner(ctx);
    assertThat(runner.run(p, D1).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(runner.run(p, D1.plusDays(1)).status()).isEqualTo(RunStatus.SUCCEEDED);
    Path dir = dir(store.location(p.id()));
    long before = files(dir);

    Maintenance.Outcome busy;
    try (ProductLeases.Lease held = ctx.leases().acquire(p.id(), LeaseHolder.of("run-in-flight", p.id(), D1, Instant.now()))) {
      busy = new Maintenance(ctx).maintain(p);
    }

    assertThat(busy.ok()).isFalse();
    assertThat(busy.busy()).isTrue();
    assertThat(busy.error()).startsWith("Not maintained: another run of maint_busy.numbers is in progress (run run-in-flight for 2024-03-01");
    assertThat(files(dir)).as("nothing deleted while a run held the product").isEqualTo(before);

    // A run while a maintenance holds the product: refused, naming it.
    try (ProductLeases.Lease held = ctx.leases().acquire(p.id(), LeaseHolder.of(Maintenance.HOLDER_PREFIX + "now", p.id(), D1, Instant.now()))) {
      RunResult refused = runner.run(p, D1.plusDays(2));
      assertThat(refused.status()).isEqualTo(RunStatus.BUSY);
      assertThat(refused.error()).startsWith("Not run: maint_busy.numbers is being maintained (maintenance (mesh maintain), on host ");
    }

    // A maintenance whose process died holding the lease: the next run takes the lease and records no run of it.
    Path lease = FileLeases.under(ctx.config().platform().warehouse()).orElseThrow().fileOf(p.id());
    LeaseHolder dead = new LeaseHolder(Maintenance.HOLDER_PREFIX + "dead", p.id(), D1, "etl-7", 4242, Instant.parse("2024-03-02T03:00:12Z"));
    Files.writeString(lease, dead.format());
    assertThat(runner.run(p, D1.plusDays(3)).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(ctx.catalog().read(CatalogTable.RUNS).where("run_id = '" + dead.runId() + "'").count()).isZero();
  }

  @org.junit.jupiter.api.Test
  void theCatalogTablesKeepAtLeastADayWhateverTheRetention() {
    String id = "maint_cat.numbers";
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/" + id + ".conf", Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "", ""));
    MeshContext ctx = mesh.context();
    for (int day = 0; day < 2; day++) {
      assertThat(new ProductRunner(ctx).run(ctx.config().product(id), D1.plusDays(day)).status()).isEqualTo(RunStatus.SUCCEEDED);
    }
    // Compaction leaves the appends' files behind, superseded a moment ago (mesh.runs only: the others alike).
    TableStore delta = ctx.tables().forFormat(TableFormat.DELTA);
    ProductId runs = dev.mesh.storage.TableLayout.catalogTable(CatalogTable.RUNS.tableName());
    delta.compact(runs);

    assertThat(ctx.catalog().expire(Duration.ZERO)).as("files deleted per catalog table").containsEntry(CatalogTable.RUNS, 0L);
    // What the floor kept: the same table at 0s would have given them up.
    assertThat(delta.expire(runs, Duration.ZERO)).isPositive();
  }
}
