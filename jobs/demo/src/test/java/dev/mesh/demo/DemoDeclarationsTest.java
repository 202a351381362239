package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.cli.MeshCli;
import dev.mesh.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The demo's declarations (conf/) against the demo's own policies, what CI's `bin/mesh validate` checks too, and its
 * transforms against their unit tests. Isolated:
 * it captures System.out, which the other classes of this module (run side by side) print to.
 */
@Isolated
class DemoDeclarationsTest {

  @Test
  void theDemoMeshPassesEveryPolicy() {
    Result r = mesh("validate", "--contracts", "never");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).isEqualTo("OK: 13 products, 0 errors, 0 warnings.\n");
  }

  /** What a domain's CI runs beside validate: the demo's transforms on their unit tests' rows (jobs/<domain>/tests). */
  @Test
  void theDemoTransformsPassTheirUnitTests() {
    TestSpark.session();
    Result r = mesh("test");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .startsWith("mesh test: 7 tests of 3 products\n")
        .contains("PASS  customers.profile_history: a-changed-customer-closes-its-version-and-opens-one (3 rows, ")
        .contains("PASS  sales.daily_revenue: sums-net-revenue-per-nation-of-the-buyer (2 rows, ")
        .contains("PASS  sales.orders: renames-the-order-systems-columns (1 row, ")
        .endsWith("\n7 of 7 tests passed.\n");
  }

  private record Result(int code, String out) {}

  /** {@code mesh <args>} in this JVM on the project's conf/, what it prints captured. */
  private static Result mesh(String... args) {
    String before = System.getProperty("mesh.home");
    PrintStream stdout = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setProperty("mesh.home", System.getProperty("mesh.project.dir"));
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      return new Result(MeshCli.execute(args), buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      if (before == null) {
        System.clearProperty("mesh.home");
      } else {
        System.setProperty("mesh.home", before);
      }
    }
  }
}
