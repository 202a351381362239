package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh rollback} as a domain engineer uses it after a bad publication: a dry run first, then the rollback with
 * the product held, what {@code mesh status} and readers see afterwards, the readers to run again, the scheduled runs
 * that pass the held product by until {@code mesh release}, and the usage errors.
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

    Cli.Result back = Cli.run(home, "rollback", "rshop.prices", "--reason", "prices in cents", "--hold");
    assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
    assertThat(back.out())
        .containsPattern("Rolled back: rshop.prices is version 2 now, with the rows of run [0-9a-f]{8} for 2024-06-01; "
            + "recorded as rollback-[0-9a-f-]{36} \\(prices in cents\\)\\.")
        .contains("Products whose runs read a withdrawn version:\n  rshop.cheap  2024-06-02\n")
        .containsPattern("Held: rshop.prices is held since \\S+ \\(hold-[0-9a-f-]{36}\\): prices in cents\\. Its runs do not run until"
            + " mesh release rshop.prices\\.")
        .contains("Once rshop.prices is right again, mesh release rshop.prices, then run it and its readers for the withdrawn dates:"
            + " bin/mesh run rshop.prices+ --date 2024-06-02");
    assertThat(Cli.run(home, "sql", "select price from rshop.prices where sku = 'a'").out()).contains("1.50").doesNotContain("150.00");
    // Its quality column: that of the run whose rows are current again (a rollback checks nothing itself).
    assertThat(Cli.run(home, "status").out())
        .containsPattern("rshop.prices +t +\\S+ \\S+ +2024-06-01 +rolled-back, held +no sla +1 rules: 1 passed");
    // Its owner and its reader's hear of it: an open alert each for the rollback, until each runs again, and one each for
    // the hold, until it is released (recorded; this mesh routes none).
    assertThat(Cli.run(home, "status", "rshop.prices", "rshop.cheap").out())
        .contains("4 open alerts")
        .containsPattern("warn\\s+held\\s+rshop\\.prices\\s+rshop\\.prices is held since \\S+: prices in cents\\. It does not r")
        .containsPattern("warn\\s+input-held\\s+rshop\\.cheap\\s+rshop\\.cheap reads rshop\\.prices, which is held since")
        .containsPattern("warn\\s+input-rolled-back\\s+rshop\\.cheap\\s+2024-06-02\\s+rshop\\.cheap was computed from rows of rshop\\.prices")
        .containsPattern("warn\\s+rolled-back\\s+rshop\\.prices\\s+2024-06-01\\s+rshop\\.prices was rolled back to run [0-9a-f]{8} for 2024-06-01");
    assertThat(Cli.run(home, "sql", "select reason from mesh.runs where status = 'rolled-back'").out()).contains("prices in cents");
    // mesh monitor lists the hold, which is no breach (the alerts are open already: nothing new to record).
    Cli.Result monitor = Cli.run(home, "monitor", "--fail-on-breach");
    assertThat(monitor.exitCode()).as(monitor.out() + monitor.err()).isZero();
    assertThat(monitor.out()).containsPattern("rshop\\.prices +hold +held +since \\S+ \\(hold-[0-9a-f-]{36}\\): prices")
        .contains("0 breaches, 1 product held; 0 alert events sent or recorded in mesh.alerts.");

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

    // mesh plan says so; the next scheduled run passes the held product by (exit 0: nothing failed), and its reader runs
    // on the restored rows.
    assertThat(Cli.run(home, "plan", "rshop.prices+", "--date", "2024-06-03").out())
        .containsPattern("rshop.prices\n  would not run: held since \\S+: prices in cents; mesh release rshop.prices lets it run\n")
        .contains("2 products planned for 2024-06-03; 1 would not run.");
    mesh.write("jobs/rshop/sql/cheap.sql", "SELECT sku FROM prices WHERE price < 1.75");
    Cli.Result held = Cli.run(home, "run", "rshop.prices+", "--date", "2024-06-03");
    assertThat(held.exitCode()).as(held.out() + held.err()).isZero();
    assertThat(held.out())
        .containsPattern("held +rshop.prices +2024-06-03 +\\(held since \\S+: prices in cents; mesh release rshop.prices lets it run\\)")
        .containsPattern("rshop.prices +2024-06-03 +held +0 .* held since \\S+: prices in cents; mesh release")
        .containsPattern("rshop.cheap +2024-06-03 +succeeded +1 ")
        .contains("1 of 1 runs succeeded; 1 held, not run (mesh release lets it run). Exit code 0.");
    assertThat(Cli.run(home, "sql", "select count(*) from mesh.runs where product = 'rshop.prices' and logical_date = '2024-06-03'").out())
        .as("a held product's passed-by run is not recorded").containsPattern("(?m)^0$");
    Cli.Result again = Cli.run(home, "hold", "rshop.prices");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).containsPattern("rshop.prices was already held since \\S+ \\(hold-[0-9a-f-]{36}\\): prices in cents: nothing recorded\\.");

    // mesh logs: the hold is not a run (no log); the product's latest run is the rollback, with its reason.
    java.util.regex.Matcher holdId = java.util.regex.Pattern.compile("\\(hold-([0-9a-f]{8})").matcher(back.out());
    assertThat(holdId.find()).as(back.out()).isTrue();
    assertThat(Cli.run(home, "logs", "hold-" + holdId.group(1)).out())
        .containsPattern("product  rshop.prices\n")
        .containsPattern("status   held at \\S+ \\S+\n")
        .contains("reason   prices in cents\n")
        .contains("(a hold is not a run: it has no log)");
    assertThat(Cli.run(home, "logs", "rshop.prices").out()).containsPattern("run      rollback-[0-9a-f-]{36}\n")
        .contains("reason   prices in cents\n");

    // Released, its runs run again.
    Cli.Result released = Cli.run(home, "release", "rshop.prices", "--reason", "prices in dollars again");
    assertThat(released.exitCode()).as(released.out() + released.err()).isZero();
    assertThat(released.out()).containsPattern("Released: rshop.prices \\(held since \\S+ \\(hold-[0-9a-f-]{36}\\): prices in cents\\);"
        + " its next run runs\\. Recorded as release-[0-9a-f-]{36}\\.");
    assertThat(Cli.run(home, "release", "rshop.prices").out()).contains("rshop.prices is not held: nothing recorded.");
    // The release resolved the hold's two alerts; the rollback's own stays open until the product runs again (its
    // reader's was resolved by the reader's run above).
    assertThat(Cli.run(home, "status", "rshop.prices", "rshop.cheap").out())
        .contains("1 open alert ").containsPattern("warn\\s+rolled-back\\s+rshop\\.prices\\s").doesNotContain("input-held").doesNotContainPattern("warn\\s+held\\s");
    mesh.write("jobs/rshop/sql/prices.sql", PRICES.formatted("('a', 1.60), ('b', 2.00)"));
    Cli.Result after = Cli.run(home, "run", "rshop.prices", "--date", "2024-06-03");
    assertThat(after.exitCode()).as(after.out() + after.err()).isZero();
    assertThat(Cli.run(home, "sql", "select price from rshop.prices where sku = 'a'").out()).contains("1.60");
    assertThat(Cli.run(home, "sql", "select status, reason from mesh.runs where product = 'rshop.prices' and status in ('held', 'released') order by started_at").out())
        .containsPattern("held +prices in cents\\s+released +prices in dollars again");
    assertThat(Cli.run(home, "status", "rshop.prices").out()).containsPattern("rshop.prices +t +\\S+ \\S+ +2024-06-03 +succeeded +no sla");
  }
}
