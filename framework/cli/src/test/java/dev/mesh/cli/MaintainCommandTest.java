package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh maintain} as a user types it: a product whose retention has passed loses its old versions' files, one
 * within the platform's retention none; a line as each ends, one row each, the catalog tables (--all), a total, exit 0;
 * an unknown product is a usage error.
 */
class MaintainCommandTest {
  @TempDir Path home;

  @Test
  void maintainPrintsWhatEachProductsRetentionDeletedAndItsProductStaysReadable() {
    TestSpark.session();
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/tidy/old.conf", Products.numbers("tidy.old", Transforms.Numbers.class.getName(), "delta", ", retention = 0s", ""));
    mesh.write("conf/tidy/kept.conf", Products.numbers("tidy.kept", Transforms.Numbers.class.getName(), "delta", "", ""));
    Cli.Result run = Cli.run(home, "run", "--domain", "tidy", "--from", "2024-03-01", "--to", "2024-03-02");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();

    // What Scala code prints goes to Scala's console, which the command's standard output is in a new JVM.
    java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
    Cli.Result r = scala.Console.withOut(console, () -> Cli.run(home, "maintain", "--all"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("mesh maintain: 2 products")
        .containsPattern("(?m)^\\[1/2\\] tidy\\.kept: 0 files deleted \\(.+\\)$")
        .containsPattern("(?m)^\\[2/2\\] tidy\\.old: [1-9]\\d* files? deleted \\(.+\\)$")
        .containsPattern("(?m)^tidy\\.kept\\s+delta\\s+30d\\s+done\\s+product 0\\s*$")
        .containsPattern("(?m)^tidy\\.old\\s+delta\\s+0s\\s+done\\s+product [1-9]\\d*\\s*$")
        // The whole mesh: the catalog tables too, at the platform's retention.
        .containsPattern("(?m)^mesh\\.runs\\s+delta\\s+30d\\s+done\\s+catalog 0\\s*$")
        .containsPattern("(?m)^mesh\\.quality\\s+delta\\s+30d\\s+done\\s+catalog 0\\s*$")
        .containsPattern("2 of 2 products maintained; [1-9]\\d* files? deleted\\.");
    assertThat(console.toString()).as("what Delta's VACUUM would print").isEmpty();
    Cli.Result read = Cli.run(home, "sql", "select count(*) from tidy.old", "--format", "csv");
    assertThat(read.out()).as(read.err()).contains("3");

    Cli.Result unknown = Cli.run(home, "maintain", "tidy.olt");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown data product 'tidy.olt'").contains("Did you mean tidy.old");
  }
}
