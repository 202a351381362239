package dev.mesh.stack.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.config.LeaseConfig;
import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import dev.mesh.model.ProductId;
import dev.mesh.runtime.LeaseHolder;
import dev.mesh.runtime.PostgresLeases;
import dev.mesh.runtime.ProductLeases;
import dev.mesh.stack.StackEndpoints;
import dev.mesh.stack.testing.SharedStack;
import dev.mesh.stack.testing.SharedStoreStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Product leases in the stack's PostgreSQL, as drivers on several machines take them: one holder at a time, the
 * refused run names the holder, a holder's process killed with {@code kill -9} leaves no stale lease, and a wrong or
 * missing password is one message that names the database and never the password.
 */
class PostgresLeasesTest {
  static final ProductId PRODUCT = ProductId.parse("leases.numbers");

  private static StackEndpoints stack;

  @TempDir Path dir;

  @BeforeAll
  static void startTheStack() {
    SharedStack.assumeAvailable();
    stack = SharedStoreStack.get();
  }

  private static PostgresLeases leases(String password) {
    return PostgresLeases.of(
        new LeaseConfig(LeaseConfig.Type.POSTGRES, stack.postgresUrl(), stack.postgresUser(), "MESH_PG_PASSWORD"),
        password == null ? Map.of() : Map.of("MESH_PG_PASSWORD", password));
  }

  private static LeaseHolder holder(String run) {
    return LeaseHolder.of(run, PRODUCT, LocalDate.of(2024, 3, 1), Instant.now());
  }

  @Test
  void oneHolderAtATimeAndTheRefusedRunNamesIt() {
    PostgresLeases first = leases(stack.postgresPassword());
    PostgresLeases second = leases(stack.postgresPassword());
    ProductLeases.Lease held = first.acquire(PRODUCT, holder("run-a"));
    assertThatThrownBy(() -> second.acquire(PRODUCT, holder("run-b")))
        .isInstanceOf(MeshException.class)
        .satisfies(e -> assertThat(((MeshException) e).kind()).isEqualTo(ErrorKind.BUSY))
        .hasMessageContaining("another run of leases.numbers is in progress (run run-a for 2024-03-01, on host")
        .hasMessageContaining("pid " + ProcessHandle.current().pid());
    // Another product is not held.
    second.acquire(ProductId.parse("leases.other"), holder("run-c")).close();
    held.close();
    held.close(); // a second close does nothing
    try (ProductLeases.Lease again = second.acquire(PRODUCT, holder("run-b"))) {
      assertThatThrownBy(() -> first.acquire(PRODUCT, holder("run-d"))).hasMessageContaining("(run run-b for");
    }
  }

  @Test
  void aHolderKilledWithSigkillLeavesNoStaleLease() throws Exception {
    Path out = dir.resolve("holder.out");
    Drivers.Driver holder =
        Drivers.start(dir, Map.of("MESH_PG_PASSWORD", stack.postgresPassword()), out, List.of(), LeaseHolderMain.class.getName(),
            List.of(stack.postgresUrl(), stack.postgresUser(), PRODUCT.toString()));
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!Files.readString(out).contains("held")) {
        assertThat(holder.process().isAlive()).as(Files.readString(out)).isTrue();
        assertThat(System.nanoTime()).as("the holder took the lease in time").isLessThan(deadline);
        Thread.sleep(100);
      }
      PostgresLeases mine = leases(stack.postgresPassword());
      assertThatThrownBy(() -> mine.acquire(PRODUCT, holder("run-b")))
          .hasMessageContaining("(run holder-run for 2024-03-01, on host")
          .hasMessageContaining("pid " + holder.process().pid());
      holder.process().destroyForcibly(); // SIGKILL: no shutdown hook, no release
      holder.process().waitFor(30, TimeUnit.SECONDS);
      // PostgreSQL ends the dead session when its socket closes; the lock goes with it.
      ProductLeases.Lease taken = null;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (taken == null) {
        try {
          taken = mine.acquire(PRODUCT, holder("run-b"));
        } catch (MeshException busy) {
          assertThat(System.nanoTime()).as("the lease of a killed holder is released: " + busy.getMessage()).isLessThan(until);
          Thread.sleep(200);
        }
      }
      // Its row still names it: the run that takes the lease next learns that it died holding it, once.
      assertThat(taken.abandoned()).hasValueSatisfying(dead -> assertThat(dead.runId()).isEqualTo("holder-run"));
      taken.close();
      try (ProductLeases.Lease next = mine.acquire(PRODUCT, holder("run-c"))) {
        assertThat(next.abandoned()).as("a lease released as it should be names no abandoned run").isEmpty();
      }
    } finally {
      holder.process().destroyForcibly();
    }
  }

  @Test
  void aWrongOrMissingPasswordIsOneMessageNamingTheDatabaseNeverThePassword() {
    String wrong = "not-" + stack.postgresPassword();
    assertThatThrownBy(() -> leases(wrong).acquire(PRODUCT, holder("run-x")))
        .isInstanceOf(MeshException.class)
        .satisfies(e -> assertThat(((MeshException) e).kind()).isEqualTo(ErrorKind.FAILED))
        .hasMessageContaining("Cannot run leases.numbers: cannot take its lease (PostgreSQL advisory lock of leases.numbers in "
            + stack.postgresUrl() + " (user " + stack.postgresUser() + "))")
        .hasMessageContaining("password authentication failed")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(stack.postgresPassword()).doesNotContain("\n"));
    assertThatThrownBy(() -> leases(null).acquire(PRODUCT, holder("run-x")))
        .hasMessageContaining("the environment variable MESH_PG_PASSWORD is not set")
        .hasMessageContaining("Set MESH_PG_PASSWORD to the password of the lease database");
  }
}
