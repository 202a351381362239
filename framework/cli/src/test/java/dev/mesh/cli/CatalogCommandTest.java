package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What people read about a product's rules and SLAs — {@code mesh catalog show}, {@code mesh quality},
 * {@code mesh status}, {@code mesh contract export} — is in the words it was declared in, never a record.
 */
class CatalogCommandTest {
  @TempDir static Path home;

  @BeforeAll
  static void runOneProduct() {
    TestSpark.session();
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/ocat_a/numbers.conf", Products.numbers("ocat_a.numbers", Transforms.Numbers.class.getName(), "delta", "", """
        sla {
          freshness = 26h
          rules = [
            { rule = unique, column = id }
            { rule = range, column = value, min = 0, severity = warn }
            { rule = not-null, column = value, on-failure = quarantine }
            { rule = row-count, min = 1, max = 25 }
          ]
        }
        """));
    mesh.write("conf/ocat_a/doubled.conf", Products.numbers("ocat_a.doubled", Transforms.Doubler.class.getName(), "delta", "", """
        inputs { upstream = ocat_a.numbers }
        sla.input-freshness { upstream { column = day, max-age = 48h } }
        """));
    mesh.write("jobs/ocat_a/tests/doubled.conf", "tests { t { date = 2024-03-01, given { upstream = [] }, expect = [] } }\n");
    Cli.Result run = Cli.run(home, "run", "ocat_a.numbers", "--date", "2024-03-01");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
  }

  private static void assertNoRecordText(String out) {
    assertThat(out).doesNotContain("[name=").doesNotContain("onFailure=").doesNotContain("BLOCK").doesNotContainPattern("PT\\d");
  }

  /** From {@code from} (included) to {@code to} (excluded). */
  private static String section(String out, String from, String to) {
    assertThat(out).contains(from).contains(to);
    return out.substring(out.indexOf(from), out.indexOf(to));
  }

  @Test
  void catalogShowPrintsRulesAndFreshnessAsDeclared() {
    Cli.Result r = Cli.run(home, "catalog", "show", "ocat_a.numbers");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(section(r.out(), "SLA:", "recent runs:")).isEqualTo("""
        SLA:
          freshness: 26h
          rules:
            unique_id       unique(id)
            range_value     range(value ≥ 0) [warn]
            not_null_value  not-null(value) → quarantine
            row_count       row-count(1 ≤ rows ≤ 25)

        upstream: none
        downstream:
          ocat_a.doubled

        """);
    assertThat(r.out()).contains("output:    delta, mode overwrite\nretention: 30d (mesh.storage.retention): older versions are deleted by mesh maintain\n")
        .contains("\ntransform: java " + Transforms.Numbers.class.getName() + ", no unit tests\n")
        .containsPattern("recent runs:\\n.*\\n-+.*\\n2024-03-01\\s+succeeded");
    assertNoRecordText(r.out());
  }

  @Test
  void catalogShowSaysNoneRatherThanPrintingAnEmptyHeading() {
    Cli.Result r = Cli.run(home, "catalog", "show", "ocat_a.doubled");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("\ntransform: java " + Transforms.Doubler.class.getName() + ", 1 unit test (bin/mesh test ocat_a.doubled)\n");
    assertThat(r.out().substring(r.out().indexOf("SLA:"))).isEqualTo("""
        SLA:
          freshness: none
          input-freshness(upstream.day ≤ 2d old)
          rules: none

        upstream:
          upstream <- ocat_a.numbers
        downstream: none

        recent runs: none
        """);
  }

  @Test
  void qualityShowsEachRuleAsDeclaredBesideItsName() {
    Cli.Result r = Cli.run(home, "quality", "ocat_a.numbers", "--last", "1");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .containsPattern("recorded at\\s+date\\s+rule\\s+declared as\\s+metric\\s+value\\s+threshold\\s+severity\\s+status")
        .containsPattern("2024-03-01\\s+contract_not_null_id\\s+not-null\\(id\\)\\s+completeness\\(id\\)\\s+1\\.0\\s+== 1\\s+error\\s+passed")
        .containsPattern("2024-03-01\\s+not_null_value\\s+not-null\\(value\\) → quarantine\\s+quarantined-rows\\s+0\\.0\\s+== 0\\s+error\\s+passed")
        .containsPattern("2024-03-01\\s+range_value\\s+range\\(value ≥ 0\\)\\s+compliance\\(range_value\\)\\s+1\\.0\\s+== 1\\s+warn\\s+passed")
        .containsPattern("2024-03-01\\s+row_count\\s+row-count\\(1 ≤ rows ≤ 25\\)\\s+row-count\\s+3\\.0\\s+between 1 and 25\\s+error\\s+passed")
        .containsPattern("2024-03-01\\s+unique_id\\s+unique\\(id\\)\\s+uniqueness\\(id\\)\\s+1\\.0\\s+== 1\\s+error\\s+passed");
    assertNoRecordText(r.out());
  }

  @Test
  void statusShowsTheFreshnessSlaAsDeclared() {
    Cli.Result r = Cli.run(home, "status");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).containsPattern("ocat_a\\.numbers\\s+test\\s+.*\\s2024-03-01\\s+succeeded\\s+ok \\(max 26h\\)\\s+");
    assertNoRecordText(r.out());
  }

  @Test
  void statusOfASelectionShowsOnlyTheProductsSelected() {
    Cli.Result one = Cli.run(home, "status", "ocat_a.doubled");
    assertThat(one.exitCode()).as(one.out() + one.err()).isZero();
    assertThat(one.out()).containsPattern("ocat_a\\.doubled\\s+test\\s+never run").doesNotContain("ocat_a.numbers");

    Cli.Result upstream = Cli.run(home, "status", "+ocat_a.doubled");
    assertThat(upstream.out()).contains("ocat_a.doubled").containsPattern("ocat_a\\.numbers\\s+test\\s+.*succeeded");

    Cli.Result unknown = Cli.run(home, "status", "ocat_a.dubled");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("ocat_a.dubled").contains("ocat_a.doubled");
  }

  @Test
  void theContractExportDescribesRulesAsDeclaredAndAWarnRuleNeverSaysBlock() {
    Cli.Result r = Cli.run(home, "contract", "export", "ocat_a.numbers");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("description: range(value ≥ 0)\n")
        .contains("description: not-null(value) → quarantine\n")
        .contains("description: row-count(1 ≤ rows ≤ 25)\n")
        .contains("description: unique(id)\n")
        .contains("description: The product is at most 26h old after its last successful run\n");
    assertNoRecordText(r.out());
  }
}
