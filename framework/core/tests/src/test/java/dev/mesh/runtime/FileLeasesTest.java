package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import dev.mesh.model.ProductId;
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

/** Product leases as OS-locked files: one holder per product, named to whoever is refused, gone with its process. */
class FileLeasesTest {
  private static final ProductId ORDERS = ProductId.parse("sales.orders");
  private static final ProductId LINES = ProductId.parse("sales.order_lines");
  private static final LocalDate DATE = LocalDate.of(1995, 6, 4);
  private static final Instant SINCE = Instant.parse("2024-06-04T03:00:12.345Z");

  @TempDir Path warehouse;

  private FileLeases leases() {
    return FileLeases.under(warehouse.toString()).orElseThrow();
  }

  @Test
  void aSecondRunOfTheSameProductIsRefusedNamingTheFirstUntilItReleases() {
    FileLeases leases = leases();
    LeaseHolder first = LeaseHolder.of("run-1", ORDERS, DATE, SINCE);
    ProductLeases.Lease held = leases.acquire(ORDERS, first);

    // Any date: the lease is the product's.
    assertThatThrownBy(() -> leases.acquire(ORDERS, LeaseHolder.of("run-2", ORDERS, DATE.plusDays(1), SINCE)))
        .isInstanceOf(MeshException.class)
        .satisfies(e -> assertThat(((MeshException) e).kind()).isEqualTo(ErrorKind.BUSY))
        .hasMessage(
            "Not run: another run of sales.orders is in progress (run run-1 for 1995-06-04, on host " + first.host()
                + ", pid " + ProcessHandle.current().pid() + ", since 2024-06-04T03:00:12Z). Wait for it to end (its"
                + " outcome is then in mesh.runs) and run again if needed; its lease "
                + warehouse.resolve(".mesh/leases/sales.orders.lease") + " is released when that run ends or its process dies.");
    // Another product is not blocked, even by a second FileLeases over the same warehouse.
    leases().acquire(LINES, LeaseHolder.of("run-3", LINES, DATE, SINCE)).close();

    held.close();
    held.close(); // a second close does nothing
    ProductLeases.Lease again = leases().acquire(ORDERS, LeaseHolder.of("run-4", ORDERS, DATE, SINCE));
    again.close();
  }

  @Test
  void theLeaseFileNamesItsHolderWhileHeldAndNobodyAfter() throws Exception {
    FileLeases leases = leases();
    Path file = warehouse.resolve(".mesh/leases/sales.orders.lease");
    LeaseHolder holder = LeaseHolder.of("run-1", ORDERS, DATE, SINCE);
    try (ProductLeases.Lease held = leases.acquire(ORDERS, holder)) {
      assertThat(leases.fileOf(ORDERS)).isEqualTo(file);
      assertThat(LeaseHolder.parse(Files.readString(file))).contains(holder);
    }
    // The file stays (removing it could let two processes lock two files of one name), naming nobody.
    assertThat(file).exists().isEmptyFile();
  }

  @Test
  void aLeaseHeldByAnotherProcessRefusesThisOneAndDiesWithThatProcess() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx64m", "-cp", System.getProperty("java.class.path"), HoldLease.class.getName(), warehouse.toString()));
    Process other = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("the other process took the lease").isEqualTo("held");

      assertThatThrownBy(() -> leases().acquire(ORDERS, LeaseHolder.of("mine", ORDERS, DATE, SINCE)))
          .isInstanceOf(MeshException.class)
          .hasMessageStartingWith("Not run: another run of sales.orders is in progress (run other-run for 1995-06-04, on host ")
          .hasMessageContaining(", pid " + other.pid() + ", since 2024-06-04T03:00:12Z)");

      // kill -9: no chance to release anything. The OS drops the lock with the process; its name stays in the file,
      // so the next holder learns that the run died holding the lease (and records it), once.
      other.destroyForcibly();
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
      try (ProductLeases.Lease mine = leases().acquire(ORDERS, LeaseHolder.of("mine", ORDERS, DATE, SINCE))) {
        assertThat(mine.abandoned()).hasValueSatisfying(dead -> {
          assertThat(dead.runId()).isEqualTo("other-run");
          assertThat(dead.pid()).isEqualTo(other.pid());
        });
      }
      try (ProductLeases.Lease next = leases().acquire(ORDERS, LeaseHolder.of("next", ORDERS, DATE, SINCE))) {
        assertThat(next.abandoned()).as("a lease released as it should be names no abandoned run").isEmpty();
      }
    } finally {
      other.destroyForcibly();
    }
  }

  /** A free lease whose file still names a live process of this machine was released but not emptied: not abandoned. */
  @Test
  void aFreeLeaseNamingALiveProcessIsNotAnAbandonedRun() throws Exception {
    FileLeases leases = leases();
    Files.createDirectories(leases.fileOf(ORDERS).getParent());
    Files.writeString(leases.fileOf(ORDERS), LeaseHolder.of("released-run", ORDERS, DATE, SINCE).format());
    try (ProductLeases.Lease mine = leases.acquire(ORDERS, LeaseHolder.of("mine", ORDERS, DATE, SINCE))) {
      assertThat(mine.abandoned()).isEmpty();
    }
  }

  @Test
  void onlyAWarehouseOnALocalDiskHasLeaseFiles() {
    assertThat(FileLeases.under("/data/warehouse").orElseThrow().fileOf(ORDERS))
        .isEqualTo(Path.of("/data/warehouse/.mesh/leases/sales.orders.lease"));
    assertThat(FileLeases.under("file:/data/warehouse").orElseThrow().fileOf(ORDERS))
        .isEqualTo(Path.of("/data/warehouse/.mesh/leases/sales.orders.lease"));
    assertThat(FileLeases.under("s3a://acme-mesh/warehouse")).isEmpty();
    assertThat(FileLeases.under("hdfs://nn:8020/mesh")).isEmpty();
  }

  /** Another process: takes the lease of sales.orders, says "held", and keeps it until killed. */
  public static final class HoldLease {
    public static void main(String[] args) throws Exception {
      new FileLeases(Path.of(args[0]).resolve(FileLeases.DIRECTORY)).acquire(ORDERS, LeaseHolder.of("other-run", ORDERS, DATE, SINCE));
      System.out.println("held");
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }
}
