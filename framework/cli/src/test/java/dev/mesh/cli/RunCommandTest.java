package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh run --all} over a small mesh with one product forced to fail. */
class RunCommandTest {
  @TempDir Path home;

  private static void declare(TestMesh mesh, String id, Class<?> transform, String upstream) {
    mesh.write(
        "conf/" + id.replace('.', '/') + ".conf",
        Products.numbers(id, transform.getName(), "delta", "", upstream == null ? "" : "inputs { upstream = " + upstream + " }"));
  }

  private static void assertRow(String out, String id, String status) {
    assertThat(Pattern.compile("(?m)^" + Pattern.quote(id) + "\\s+2024-03-01\\s+" + status + "(\\s|$)").matcher(out).find())
        .as("summary row of %s is %s in:%n%s", id, status, out)
        .isTrue();
  }

  @Test
  void aFailedProductSkipsItsDownstreamAcrossDomainsAndEverythingElseSucceeds() {
    TestSpark.session();
    TestMesh mesh = new TestMesh(home);
    declare(mesh, "orun_a.src", Transforms.PoolRecorder.class, null);
    declare(mesh, "orun_a.doubled", Transforms.Doubler.class, "orun_a.src");
    declare(mesh, "orun_b.broken", Transforms.Throws.class, null);
    declare(mesh, "orun_b.after", Transforms.Doubler.class, "orun_b.broken");
    declare(mesh, "orun_c.report", Transforms.Doubler.class, "orun_b.after");
    declare(mesh, "orun_c.other", Transforms.Doubler.class, "orun_a.src");

    Cli.Result r = Cli.run(home, "run", "--all", "--date", "2024-03-01", "--parallelism", "2");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    assertRow(r.out(), "orun_a.src", "succeeded");
    assertRow(r.out(), "orun_a.doubled", "succeeded");
    assertRow(r.out(), "orun_c.other", "succeeded");
    assertRow(r.out(), "orun_b.broken", "failed");
    assertRow(r.out(), "orun_b.after", "skipped\\s+.*upstream failed \\(orun_b\\.broken\\)");
    assertRow(r.out(), "orun_c.report", "skipped\\s+.*upstream failed \\(orun_b\\.broken\\)");
    assertThat(r.out())
        .contains("mesh run: 6 products x 1 date (2024-03-01), up to 2 at once")
        .containsPattern("\\[\\d\\d:\\d\\d\\] \\d/6  started   orun_a\\.src  2024-03-01  \\| running: .*orun_a\\.src")
        .contains("6/6  ")
        .contains("3 of 6 runs succeeded (3 succeeded, 1 failed, 2 skipped). Exit code 1 (run failed).");
    assertThat(r.err()).contains("orun_b.broken 2024-03-01: ").contains("forced failure of orun_b.broken");
    // Each run's Spark jobs went to its own FAIR scheduler pool.
    assertThat(Transforms.POOLS).containsEntry("orun_a.src", "mesh.orun_a.src");
    // Every selected product has its row in mesh.runs, the skipped ones too (with the upstream that caused it).
    Cli.Result runs = Cli.run(home, "sql",
        "select product, status, error from mesh.runs where product like 'orun_%' order by product", "--format", "csv");
    assertThat(runs.out().lines().skip(1).toList())
        .hasSize(6)
        .contains("orun_b.after,skipped,skipped: upstream failed (orun_b.broken)")
        .contains("orun_c.report,skipped,skipped: upstream failed (orun_b.broken)")
        .anySatisfy(l -> assertThat(l).startsWith("orun_b.broken,failed,"));
  }

  @Test
  void aFilesInputWithNoFilesForTheDateExitsFourNamingThePath() {
    TestSpark.session();
    TestMesh mesh = new TestMesh(home);
    String landing = home.resolve("landing").toString();
    mesh.write(
        "conf/orun_files/daily.conf",
        """
        product {
          id = orun_files.daily
          version = "1.0.0"
          owner { team = test, contact = "test@example.com" }
          inputs { raw { source = files, path = "%s/{date}/*.csv", format = csv, header = true } }
          transform.sql = daily.sql
          output { format = delta }
          schema { id = bigint }
        }
        """.formatted(landing));
    mesh.write("conf/orun_files/daily.sql", "SELECT CAST(id AS BIGINT) AS id FROM raw");

    Cli.Result r = Cli.run(home, "run", "orun_files.daily", "--date", "2024-03-01");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(4);
    assertRow(r.out(), "orun_files.daily", "input-missing");
    assertThat(r.err()).contains("input 'raw' has no files: nothing matches file:" + landing + "/2024-03-01/*.csv");
  }

  @Test
  void aFailureDrillIsRecordedAsADrillWithWhatItSkipped() {
    TestMesh mesh = new TestMesh(home);
    declare(mesh, "drill_a.src", Transforms.Numbers.class, null);
    declare(mesh, "drill_a.after", Transforms.Doubler.class, "drill_a.src");

    Cli.Result r = Cli.run(home, "run", "--all", "--date", "2024-03-01", "--fail", "drill_a.src");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    Cli.Result runs = Cli.run(home, "sql",
        "select product, status, error from mesh.runs where product like 'drill_a.%' order by product", "--format", "csv");
    assertThat(runs.out().lines().skip(1).toList())
        .containsExactly(
            "drill_a.after,skipped,skipped: upstream failed (drill_a.src)",
            "drill_a.src,failed,failure drill: run of drill_a.src failed as asked by --fail; nothing was read or written.");
    // mesh status shows the latest outcome, not an older success.
    assertThat(Cli.run(home, "status").out()).containsPattern("(?m)^drill_a\\.after\\s.*\\sskipped\\s");
  }
}
