package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.catalog.CatalogReader;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.errors.MeshException;
import dev.mesh.model.TableFormat;
import dev.mesh.model.ProductId;
import dev.mesh.runtime.FileLeases;
import dev.mesh.runtime.LeaseHolder;
import dev.mesh.runtime.ProductLeases;
import dev.mesh.testing.ChildJvm;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import dev.mesh.testing.Transforms;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh demo} starts on a fresh warehouse: it wipes one that holds only what mesh made there (the tables, the
 * PII key, and the lease files every run leaves, so a second demo runs as the first did), and wipes nothing while a
 * run holds a lease on it, in this process or another, or when it holds a file mesh did not make.
 */
class DemoWipeTest {
  private static final ProductId ORDERS = ProductId.parse("sales.orders");

  @TempDir Path parent;

  @Test
  void aWarehouseOfMeshsOwnIsWipedWithTheLeaseFilesRunsLeftAndItsKey() throws Exception {
    Path warehouse = meshWarehouse();
    // What a finished run leaves: its lease file, empty, under .mesh/leases.
    leases(warehouse).acquire(ORDERS, holder("finished-run")).close();
    assertThat(warehouse.resolve(".mesh/leases/sales.orders.lease")).exists();

    DemoCommand.wipe(warehouse.toString());

    assertThat(warehouse).doesNotExist();
  }

  /**
   * {@code mesh demo} as the quick start runs it, twice on one project: the second starts fresh over what the first
   * left (the runs' lease files among it).
   */
  @Test
  void aSecondDemoStartsFreshOverWhatTheFirstLeft() {
    TestSpark.session();
    Path home = parent.resolve("project");
    TestMesh mesh = TestMesh.withoutSpark(home); // a warehouse of its own, under the project: the demo wipes it
    mesh.write("conf/wipe/nums.conf", Products.numbers("wipe.nums", Transforms.Numbers.class.getName(), "delta", "",
        "sla { rules = [ { rule = row-count, min = 1 } ], freshness = 26h }"));
    for (int i = 1; i <= 2; i++) {
      Cli.Result demo = Cli.run(home, "demo", "--days", "1", "--start", "2024-03-01");
      assertThat(demo.exitCode()).as("demo %d: %s", i, demo.err()).isZero();
      assertThat(demo.out()).contains("mesh demo: 1 product x 1 date (2024-03-01), ").contains("1 of 1 runs succeeded.");
      assertThat(home.resolve("warehouse/.mesh/leases/wipe.nums.lease")).as("the run's lease file").exists();
    }
    // Fresh: the project's mesh.runs (read by its path: this JVM's session names another warehouse's) holds the second
    // demo's one run, not both demos'.
    CatalogReader catalog = CatalogReader.of(TableFormat.DELTA, mesh.load().platform()::catalogRoot, () -> null);
    assertThat(catalog.read(CatalogTable.RUNS, List.of("product", "status")))
        .extracting(r -> r.string("product") + " " + r.string("status"))
        .containsExactly("wipe.nums succeeded");
  }

  @Test
  void aRunHoldingALeaseOrAFileMeshDidNotMakeStopsTheWipeAndNothingIsDeleted() throws Exception {
    Path warehouse = meshWarehouse();
    Path table = warehouse.resolve("delta/sales/orders/_delta_log");

    // A run of this process.
    try (ProductLeases.Lease held = leases(warehouse).acquire(ORDERS, holder("run-of-this-jvm"))) {
      assertThatThrownBy(() -> DemoCommand.wipe(warehouse.toString()))
          .isInstanceOf(MeshException.class)
          .hasMessageStartingWith("Not wiping " + warehouse + ": runs on it are in progress (sales.orders: run run-of-this-jvm for 2024-03-01, on host ")
          .hasMessageContaining("Wait for them to end");
    }
    assertThat(table).exists();

    // A run of another process (another terminal's bin/mesh run): its lock is the operating system's.
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(ChildJvm.SHORT_LIVED);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Holder.class.getName(), warehouse.toString()));
    Process other = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("the other process took the lease").isEqualTo("held");
      assertThatThrownBy(() -> DemoCommand.wipe(warehouse.toString()))
          .isInstanceOf(MeshException.class)
          .hasMessageContaining(": runs on it are in progress (sales.orders: run run-of-another-jvm for 2024-03-01, on host ")
          .hasMessageContaining("pid " + other.pid());
      assertThat(table).exists();
    } finally {
      other.destroy();
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).as("the other process ended").isTrue();
    }

    // Its lease is released with its process: what stops the wipe now is a file mesh did not make.
    Files.writeString(warehouse.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> DemoCommand.wipe(warehouse.toString()))
        .isInstanceOf(MeshException.class)
        .hasMessage("Not wiping " + warehouse + ": it holds files mesh did not create (notes.txt). Point MESH_WAREHOUSE elsewhere, or use --keep.");
    assertThat(table).exists();
    assertThat(warehouse.resolve("notes.txt")).hasContent("mine");
  }

  /** Holds the lease of sales.orders under the warehouse given until it is killed or its input ends (the test's end). */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      leases(Path.of(args[0])).acquire(ORDERS, holder("run-of-another-jvm"));
      System.out.println("held");
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the test JVM closes its end, however it ends
      }
    }
  }

  /** The top folders a demo leaves: tables of both formats, lineage events and the warehouse's PII key. */
  private Path meshWarehouse() throws Exception {
    Path warehouse = parent.resolve("warehouse");
    Files.createDirectories(warehouse.resolve("delta/sales/orders/_delta_log"));
    Files.createDirectories(warehouse.resolve("iceberg/sales"));
    Files.createDirectories(warehouse.resolve("lineage"));
    Files.createDirectories(warehouse.resolve("_mesh"));
    Files.writeString(warehouse.resolve("_mesh/pii.key"), "k".repeat(64));
    return warehouse;
  }

  private static FileLeases leases(Path warehouse) {
    return FileLeases.under(warehouse.toString()).orElseThrow();
  }

  private static LeaseHolder holder(String runId) {
    return LeaseHolder.of(runId, ORDERS, LocalDate.of(2024, 3, 1), Instant.now());
  }
}
