package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run reading a deprecated input is warned: in its output and on its record in mesh.runs, date as declared. */
class DeprecationWarningTest {
  @TempDir Path home;

  @Test
  void aRunReadingADeprecatedInputSaysSoAndRecordsIt() {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/dep/old.conf", Products.numbers("dep.old", Transforms.Numbers.class.getName(), "delta", "",
        "deprecated-after = \"2999-12-31\""));
    mesh.write("conf/dep/reader.conf", Products.numbers("dep.reader", Transforms.Doubler.class.getName(), "delta", "",
        "inputs { upstream = dep.old }"));
    String expected =
        "deprecated-input: input 'upstream' (dep.old) is deprecated: it may be read until 2999-12-31 (deprecated-after)";

    Cli.Result r = Cli.run(home, "run", "+dep.reader", "--date", "2024-03-01");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("warning: dep.reader: " + expected).contains("(2024-03-01)");
    assertThat(r.out()).doesNotContain("warning: dep.old");
    Cli.Result recorded =
        Cli.run(home, "sql", "select product, warnings from mesh.runs where product like 'dep.%' order by product", "--format", "json");
    assertThat(recorded.exitCode()).as(recorded.err()).isZero();
    assertThat(recorded.out()).contains("\"product\" : \"dep.old\"").contains(expected).contains("\"product\" : \"dep.reader\"");
    assertThat(recorded.out().indexOf(expected)).isGreaterThan(recorded.out().indexOf("dep.reader"));

    // mesh status counts the last run's warnings, and says the same last-run time as mesh catalog.
    Cli.Result status = Cli.run(home, "status");
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("warnings").containsPattern("(?m)^dep\\.reader\\s.*succeeded.*\\s1\\s*$");
    java.util.regex.Matcher when =
        java.util.regex.Pattern.compile("(?m)^dep\\.reader\\s+test\\s+(\\S+ \\S+)").matcher(status.out());
    assertThat(when.find()).as(status.out()).isTrue();
    Cli.Result catalog = Cli.run(home, "catalog");
    assertThat(catalog.out().lines().filter(l -> l.startsWith("dep.reader")).findFirst().orElseThrow()).contains(when.group(1));
  }
}
