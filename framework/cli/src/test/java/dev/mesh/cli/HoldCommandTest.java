package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import dev.mesh.testing.Transforms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh hold} and {@code mesh release} on a selection, as {@code mesh run} selects: a product with everything
 * downstream, a domain, everything; each product said once, the new holds recorded in one commit, and the usage errors.
 */
class HoldCommandTest {
  @TempDir Path home;

  /** The commits of mesh.runs so far: its Delta log's JSON entries. */
  private static long commits(TestMesh mesh) {
    try (Stream<Path> log = Files.list(Path.of(mesh.catalog().location(CatalogTable.RUNS), "_delta_log"))) {
      return log.filter(f -> f.getFileName().toString().endsWith(".json")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aSelectionIsHeldAndReleasedProductByProduct() {
    TestSpark.session();
    TestMesh mesh = new TestMesh(home);
    String numbers = Transforms.Numbers.class.getName();
    mesh.write("conf/hshop/a.conf", Products.numbers("hshop.a", numbers, "delta", "", ""));
    mesh.write("conf/hshop/b.conf", Products.numbers("hshop.b", Transforms.Doubler.class.getName(), "delta", "", "inputs { upstream = hshop.a }"));
    mesh.write("conf/hshop/c.conf", Products.numbers("hshop.c", numbers, "delta", "", ""));

    // A product and everything downstream of it.
    long commits = commits(mesh);
    Cli.Result chain = Cli.run(home, "hold", "hshop.a+", "--reason", "bad feed");
    assertThat(chain.exitCode()).as(chain.out() + chain.err()).isZero();
    assertThat(chain.out())
        .containsPattern("Held: hshop\\.a is held since \\S+ \\(hold-[0-9a-f-]{36}\\): bad feed\\. Its runs do not run until mesh release hshop\\.a\\.\n"
            + "Held: hshop\\.b is held since \\S+ \\(hold-[0-9a-f-]{36}\\): bad feed\\.")
        .doesNotContain("hshop.c");
    // One commit of mesh.runs, its two rows recorded at one instant.
    assertThat(commits(mesh)).isEqualTo(commits + 1);
    assertThat(Cli.run(home, "sql", "select count(*) as n, count(distinct started_at) as instants from mesh.runs where status = 'held' and product like 'hshop.%'").out())
        .containsPattern("(?m)^2 +1 *$");

    // Each owner hears of their own product's hold; hshop.b, held itself, runs on nothing: no input-held for it, from
    // the hold or from the monitor.
    assertThat(Cli.run(home, "status", "hshop.a", "hshop.b").out()).contains("2 open alerts").doesNotContain("input-held");
    assertThat(Cli.run(home, "monitor").out()).contains("0 breaches, 2 products held; 0 alert events");
    // Released alone while its input stays held, it runs on frozen rows: the monitor tells its owner.
    assertThat(Cli.run(home, "release", "hshop.b").out()).containsPattern("Released: hshop\\.b ");
    assertThat(Cli.run(home, "monitor").out()).contains("[mesh] INPUT-HELD hshop.b").contains("1 product held; 1 alert event");

    // A domain: what is held already stays as it is.
    Cli.Result domain = Cli.run(home, "hold", "--domain", "hshop");
    assertThat(domain.exitCode()).as(domain.out() + domain.err()).isZero();
    assertThat(domain.out())
        .containsPattern("hshop\\.a was already held since \\S+ \\(hold-[0-9a-f-]{36}\\): bad feed: nothing recorded\\.\n")
        .containsPattern("Held: hshop\\.b is held since ")
        .containsPattern("Held: hshop\\.c is held since \\S+ \\(hold-[0-9a-f-]{36}\\)\\. Its runs do not run");

    Cli.Result two = Cli.run(home, "release", "hshop.a", "hshop.c", "--reason", "feed fixed");
    assertThat(two.exitCode()).as(two.out() + two.err()).isZero();
    assertThat(two.out()).containsPattern("Released: hshop\\.a \\(held since \\S+ \\(hold-[0-9a-f-]{36}\\): bad feed\\); its next run runs\\.")
        .containsPattern("Released: hshop\\.c ").doesNotContain("hshop.b");
    Cli.Result all = Cli.run(home, "release", "--all");
    assertThat(all.out()).contains("hshop.a is not held: nothing recorded.", "hshop.c is not held: nothing recorded.")
        .containsPattern("Released: hshop\\.b \\(held since ");
    assertThat(Cli.run(home, "release", "--all").out()).doesNotContain("Released");

    // Usage errors: nothing named, an id not declared.
    Cli.Result none = Cli.run(home, "hold");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("Nothing selected");
    Cli.Result typo = Cli.run(home, "hold", "hshop.aa");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("hshop.a");
  }
}
