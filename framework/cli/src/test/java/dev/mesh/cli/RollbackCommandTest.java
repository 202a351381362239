package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh rollback} as a domain engineer uses it after a bad publication: a dry run first, then the rollback, what
 * {@code mesh status} and readers see afterwards, the readers to run again, and its usage errors.
 */
class RollbackCommandTest {
  private static final String PRICES = "SELECT sku, CAST(price AS DECIMAL(10,2)) AS price FROM VALUES %s AS t(sku, price)";

  @TempDir Path home;

  @Test
  void aBadPublicationIsWithdrawnAndTheProductsThatReadItAreNamed() {
    TestSpark.session();
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/rshop/prices.conf", Products.reading("rshop.prices", "", "transform.sql = prices.sql", """
        sku { type = string, nullable = false }
        price { type = "decimal(10,2)" }
        """));
    mesh.write("jobs/rshop/sql/prices.sql", PRICES.formatted("('a', 1.50), ('b', 2.00)"));
    mesh.write("conf/rshop/cheap.conf", Products.reading("rshop.cheap", "prices = rshop.prices", "transform.sql = cheap.sql",
        "sku { type = string }"));
    mesh.write("jobs/rshop/sql/cheap.sql", "SELECT sku FROM prices WHERE price < 2");
    Cli.Result good = Cli.run(home, "run", "rshop.prices+", "--date", "2024-06-01");
    assertThat(good.exitCode()).as(good.out() + good.err()).isZero();
    mesh.write("jobs/rshop/sql/prices.sql", PRICES.formatted("('a', 150.00), ('b', 200.00)"));
    Cli.Result bad = Cli.run(home, "run", "rshop.prices+", "--date", "2024-06-02");
    assertThat(bad.exitCode()).as(bad.out() + bad.err()).isZero();

    Cli.Result dry = Cli.run(home, "rollback", "rshop.prices", "--dry-run");
    assertThat(dry.exitCode()).as(dry.out() + dry.err()).isZero();
    assertThat(dry.out())
        .startsWith("mesh rollback: rshop.prices (delta), dry run\n")
        .containsPattern("  current    run [0-9a-f]{8} for 2024-06-02 \\(version 1\\)\n")
        .containsPattern("  back to    run [0-9a-f]{8} for 2024-06-01 \\(version 0\\), published \\S+\n")
        .containsPattern("  withdrawn  run [0-9a-f]{8} for 2024-06-02 \\(version 1\\)\n")
        .contains("Would withdraw 1 publication; nothing changed (--dry-run).")
        .contains("Products whose runs read a version it would withdraw:\n  rshop.cheap  2024-06-02\n");
    assertThat(Cli.run(home, "sql", "select price from rshop.prices where sku = 'a'").out()).contains("150.00");

    Cli.Result back = Cli.run(home, "rollback", "rshop.prices", "--reason", "prices in cents");
    assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
    assertThat(back.out())
        .containsPattern("Rolled back: rshop.prices is version 2 now, with the rows of run [0-9a-f]{8} for 2024-06-01; "
            + "recorded as rollback-[0-9a-f-]{36} \\(prices in cents\\)\\.")
        .contains("Products whose runs read a withdrawn version:\n  rshop.cheap  2024-06-02\n")
        .contains("Once rshop.prices is right again, run it and its readers for the withdrawn dates: bin/mesh run rshop.prices+ --date 2024-06-02");
    assertThat(Cli.run(home, "sql", "select price from rshop.prices where sku = 'a'").out()).contains("1.50").doesNotContain("150.00");
    // Its quality column: that of the run whose rows are current again (a rollback checks nothing itself).
    assertThat(Cli.run(home, "status").out()).containsPattern("rshop.prices +t +\\S+ \\S+ +2024-06-01 +rolled-back +no sla +1 rules: 1 passed");
    // Its owner and its reader's hear of it: an open alert each (recorded; this mesh routes none), until each runs again.
    assertThat(Cli.run(home, "status", "rshop.prices", "rshop.cheap").out())
        .contains("2 open alerts")
        .containsPattern("warn\\s+input-rolled-back\\s+rshop\\.cheap\\s+2024-06-02\\s+rshop\\.cheap was computed from rows of rshop\\.prices")
        .containsPattern("warn\\s+rolled-back\\s+rshop\\.prices\\s+2024-06-01\\s+rshop\\.prices was rolled back to run [0-9a-f]{8} for 2024-06-01");
    assertThat(Cli.run(home, "sql", "select reason from mesh.runs where status = 'rolled-back'").out()).contains("prices in cents");

    // Back once more: only one publication is left in the line.
    Cli.Result none = Cli.run(home, "rollback", "rshop.prices");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.out()).containsPattern("Cannot roll back rshop.prices: it has one publication only \\(run [0-9a-f]{8} for 2024-06-01 "
        + "\\(version 2\\)\\), nothing before it\\. Nothing changed\\.");
    Cli.Result shortId = Cli.run(home, "rollback", "rshop.prices", "--to-run", "abc");
    assertThat(shortId.exitCode()).isEqualTo(2);
    assertThat(shortId.err()).contains("A run id prefix needs at least 8 characters, got 'abc'.");
    Cli.Result unknown = Cli.run(home, "rollback", "rshop.price");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("rshop.prices");
  }
}
