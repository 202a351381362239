package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.TableFormat;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run holds its product's lease: a run meanwhile is refused before planning, recorded busy, and publishes nothing. */
class BusyRunTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);
  private static final LocalDate D2 = LocalDate.of(2024, 3, 2);

  @TempDir Path home;

  private static Row run(MeshContext ctx, String runId) {
    return ctx.catalog().read(CatalogTable.RUNS).where(functions.col("run_id").equalTo(runId)).head();
  }

  @Test
  void aRunWhileAnotherHoldsTheLeaseIsRefusedRecordedBusyAndPublishesNothing() {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/busy/numbers.conf", Products.numbers("busy.numbers", Transforms.Numbers.class.getName(), "delta", ", mode = append", ""));
    MeshContext ctx = mesh.context();
    ProductDescriptor d = ctx.config().product("busy.numbers");

    RunResult busy;
    try (ProductLeases.Lease first =
        ctx.leases().acquire(d.id(), LeaseHolder.of("the-first-run", d.id(), D1, Instant.parse("2024-03-01T03:00:00Z")))) {
      busy = new ProductRunner(ctx).run(d, D2);
    }

    assertThat(busy.status()).isEqualTo(RunStatus.BUSY);
    assertThat(busy.error())
        .startsWith("Not run: another run of busy.numbers is in progress (run the-first-run for 2024-03-01, on host ")
        .contains(", since 2024-03-01T03:00:00Z). Wait for it to end")
        .doesNotContain("\n");
    assertThat(busy.timingsMs()).containsOnlyKeys("record");
    assertThat(ctx.tables().forFormat(TableFormat.DELTA).exists(d.id())).isFalse();
    Row recorded = run(ctx, busy.runId());
    assertThat(recorded.<String>getAs("status")).isEqualTo("busy");
    assertThat(recorded.<String>getAs("error")).isEqualTo(busy.error());

    // Released: the next run goes through, and releases the lease it took.
    RunResult next = new ProductRunner(ctx).run(d, D2);
    assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run(ctx, next.runId()).<String>getAs("status")).isEqualTo("succeeded");
    ctx.leases().acquire(d.id(), LeaseHolder.of("after", d.id(), D2, Instant.now())).close();
  }

  @Test
  void aRunThatFailsReleasesItsLeaseToo() {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/busy/throws.conf", Products.numbers("busy.throws", Transforms.Throws.class.getName(), "delta", "", ""));
    MeshContext ctx = mesh.context();
    ProductDescriptor d = ctx.config().product("busy.throws");

    assertThat(new ProductRunner(ctx).run(d, D1).status()).isEqualTo(RunStatus.FAILED);

    ctx.leases().acquire(d.id(), LeaseHolder.of("after", d.id(), D1, Instant.now())).close();
  }
}
