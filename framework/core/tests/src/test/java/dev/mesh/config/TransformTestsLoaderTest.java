package dev.mesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.errors.ConfigException;
import dev.mesh.model.ProductId;
import dev.mesh.model.TransformTest;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transforms' unit tests as written in jobs/<domain>/tests/<name>.conf: read in the order written, every mistake
 * a file shows without data reported at once with its file, line and key (no Spark).
 */
class TransformTestsLoaderTest {
  @TempDir Path home;

  private TestMesh shop() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    mesh.write("conf/shop/lines.conf", """
        product {
          id = shop.lines
          version = "1.0.0"
          owner { team = shop, contact = "shop@example.com" }
          transform.class = "%s"
          output { format = delta }
          schema {
            id    { type = bigint, nullable = false }
            day   { type = date, nullable = false }
            value { type = bigint, nullable = false }
          }
        }
        """.formatted(Transforms.Numbers.class.getName()));
    mesh.write("conf/shop/totals.conf", """
        product {
          id = shop.totals
          version = "1.0.0"
          owner { team = shop, contact = "shop@example.com" }
          inputs { lines = shop.lines }
          transform.sql = totals.sql
          output { format = delta }
          schema { total { type = bigint } }
        }
        """);
    mesh.write("jobs/shop/sql/totals.sql", "SELECT sum(value) AS total FROM lines WHERE day = ${logical_date}\n");
    return mesh;
  }

  @Test
  void testsAreReadInTheOrderWrittenWithTheirRowsAndWhereEachValueIs() {
    TestMesh mesh = shop();
    Path file = mesh.write("jobs/shop/tests/totals.conf", """
        tests {
          sums-the-day {
            date = 2024-03-01
            given {
              lines = [
                { id = 1, day = 2024-03-01, value = 10 }
                { id = 2, day = 2024-03-02, value = 5 }
              ]
            }
            expect = [ { total = 10 } ]
          }
          nothing-on-an-empty-day {
            date = 2024-03-03
            given { lines = { columns { id = bigint }, rows = [] } }
            expect = [ { total = null } ]
          }
          another-day { date = 2024-03-04, given { lines = [] }, expect = [] }
          before-the-first { date = 2024-02-28, given { lines = [] }, expect = [] }
        }
        """);

    List<TransformTest> tests = new TransformTestsLoader(mesh.load()).load();

    assertThat(tests).extracting(TransformTest::name).containsExactly("sums-the-day", "nothing-on-an-empty-day", "another-day", "before-the-first");
    TransformTest first = tests.get(0);
    assertThat(first.product()).isEqualTo(ProductId.parse("shop.totals"));
    assertThat(first.date()).isEqualTo(LocalDate.of(2024, 3, 1));
    assertThat(first.at().line()).isEqualTo(2);
    assertThat(first.at().file()).endsWith(file.toString());
    TransformTest.TestRow second = first.given().get("lines").rows().get(1);
    assertThat(second.values()).containsEntry("id", 2).containsEntry("day", "2024-03-02").containsEntry("value", 5);
    assertThat(second.originOf("value").line()).isEqualTo(7);
    assertThat(first.expect()).singleElement().satisfies(r -> assertThat(r.values()).containsEntry("total", 10));
    assertThat(first.published()).isEmpty();
    TransformTest.Given declared = tests.get(1).given().get("lines");
    assertThat(declared.columns()).containsEntry("id", "bigint");
    assertThat(declared.rows()).isEmpty();
    assertThat(tests.get(1).expect().get(0).values()).containsEntry("total", null);
  }

  @Test
  void everyMistakeOfATestFileIsReportedAtOnceWithFileLineAndKey() {
    TestMesh mesh = shop();
    mesh.write("jobs/shop/tests/totals.conf", """
        tests {
          typo {
            date = 2024-03-01
            given { line = [] }
            expect = []
          }
          nothing-given {
            date = 2024-03-01
            given { }
            expect = []
          }
          bad {
            date = 2024-02-30
            given { lines = [ 1 ] }
            published = []
            expect = [ { total = 1 }, { sum = 2 } ]
            expected = []
          }
          no-expect {
            given { lines = [] }
          }
        }
        """);
    mesh.write("jobs/shop/tests/total.conf", "tests { t { date = 2024-03-01, given { lines = [] }, expect = [] } }\n");

    assertThatThrownBy(() -> new TransformTestsLoader(mesh.load()).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("total.conf: tests of shop.total, which is not declared (did you mean shop.totals?)")
        .hasMessageContaining("totals.conf:4: tests.typo.given.line: not an input of shop.totals (did you mean 'lines'?); its inputs: lines")
        .hasMessageContaining("totals.conf:9: tests.nothing-given.given: input 'lines' is given no rows: add lines = [ { ... } ], or lines = [] for none")
        .hasMessageContaining("totals.conf:13: tests.bad.date: must be a date such as 1995-06-01 (the logical date the transform runs for), got '2024-02-30'")
        .hasMessageContaining("totals.conf:14: tests.bad.given.lines[0]: must be an object of column = value")
        .hasMessageContaining("totals.conf:15: tests.bad.published: a SQL transform reads its inputs only")
        .hasMessageContaining("totals.conf:16: tests.bad.expect[1]: names columns [sum], the first expected row [total]")
        .hasMessageContaining("totals.conf:17: tests.bad.expected: unknown key (did you mean 'expect'?)")
        .hasMessageContaining("totals.conf:19: tests.no-expect.date: is required")
        .hasMessageContaining("totals.conf:19: tests.no-expect: has no expect = [ ... ]")
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(10));
  }

  @Test
  void aDomainWithoutTestsHasNoneAStrayDomainIsNamedAndTheTestPathIsASetting() {
    TestMesh mesh = shop();
    assertThat(new TransformTestsLoader(mesh.load()).load()).isEmpty();
    // Tests of a domain that declares nothing here never run: named, but no problem of the configuration (a project may
    // declare some of the domains whose code it holds).
    mesh.write("jobs/shp/tests/totals.conf", "tests { t { date = 2024-03-01, expect = [] } }\n");
    TransformTestsLoader strays = new TransformTestsLoader(mesh.load());
    assertThat(strays.load()).isEmpty();
    assertThat(strays.strayDirectories()).singleElement().asString()
        .endsWith("jobs/shp/tests: tests of domain 'shp', which declares no product here (did you mean shop?)");

    mesh.platform("test-path = [\"checks/{domain}\"]");
    mesh.write("checks/shop/totals.conf", "tests { t { date = 2024-03-01, given { lines = [] }, expect = [] } }\n");
    TransformTestsLoader loader = new TransformTestsLoader(mesh.load());
    assertThat(loader.directories("shop")).containsExactly(home.resolve("checks/shop"));
    assertThat(loader.load()).extracting(TransformTest::title).containsExactly("shop.totals: t");
  }
}
