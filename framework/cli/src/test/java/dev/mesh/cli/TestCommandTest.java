package dev.mesh.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.api.Transform;
import dev.mesh.api.TransformContext;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh test} as a domain engineer uses it: a SQL transform and a Java one run on their tests' rows alone, a
 * passing test and a failing one with the rows that differ, the inputs given as the domain reads them (another
 * domain's output port: a dropped PII column is not there), a Java transform's published table, an output that breaks
 * the contract, and a test that does not fit its product (exit 2, with file, line and key).
 */
class TestCommandTest {
  @TempDir Path home;

  /** Adds the day's lines to what it published before: a product that builds on its own table. */
  public static final class Running implements Transform {
    @Override
    public Dataset<Row> apply(TransformContext ctx) {
      Dataset<Row> today = ctx.input("lines").select(col("id"), col("value"));
      return ctx.published().map(p -> p.unionByName(today)).orElse(today);
    }
  }

  private TestMesh shop() {
    TestMesh mesh = new TestMesh(home);
    String numbers = "transform.class = \"" + Transforms.Numbers.class.getName() + "\"";
    mesh.write("conf/crm/people.conf", Products.reading("crm.people", "", numbers, """
        person_id { type = bigint, nullable = false }
        name { type = string, pii = true, pii-handling = hash }
        email { type = string, pii = true, pii-handling = drop }
        country { type = string }
        """));
    mesh.write("conf/shop/lines.conf", Products.reading("shop.lines", "", numbers,
        "id { type = bigint }, day { type = date }, value { type = bigint }, person_id { type = bigint }"));
    mesh.write("conf/shop/totals.conf", Products.reading("shop.totals", "lines = shop.lines, people = crm.people",
        "transform.sql = totals.sql", "country { type = string }, total { type = bigint }, lines { type = bigint }"));
    mesh.write("jobs/shop/sql/totals.sql", """
        SELECT p.country, SUM(l.value) AS total, COUNT(*) AS lines
        FROM lines l JOIN people p ON p.person_id = l.person_id
        WHERE l.day = ${logical_date}
        GROUP BY p.country
        """);
    mesh.write("conf/shop/running.conf", Products.reading("shop.running", "lines = shop.lines",
        "transform.class = \"" + Running.class.getName() + "\"", "id { type = bigint }, value { type = bigint }"));
    mesh.write("conf/shop/broken.conf", Products.reading("shop.broken", "lines = shop.lines", "transform.sql = broken.sql",
        "id { type = bigint }, total { type = bigint }"));
    mesh.write("jobs/shop/sql/broken.sql", "SELECT id FROM lines\n");
    return mesh;
  }

  @Test
  void aPassingAndAFailingTestOfASqlTransformWithTheRowsThatDiffer() {
    TestSpark.session();
    TestMesh mesh = shop();
    Cli.Result none = Cli.run(home, "test");
    assertThat(none.exitCode()).as(none.out() + none.err()).isZero();
    assertThat(none.out()).contains("No tests in this mesh: a product's tests go in jobs/<domain>/tests/<name>.conf");

    mesh.write("jobs/shop/tests/totals.conf", """
        tests {
          sums-per-country {
            date = 2024-03-01
            given {
              lines = [
                { id = 1, day = 2024-03-01, value = 10, person_id = 7 }
                { id = 2, day = 2024-03-01, value = 5, person_id = 7 }
                { id = 3, day = 2024-03-02, value = 100, person_id = 7 }
              ]
              people = [ { person_id = 7, name = "9f2c", country = FR } ]
            }
            expect = [ { country = FR, total = 15, lines = 2 } ]
          }
          wrong-on-purpose {
            date = 2024-03-01
            given {
              lines = [ { id = 1, day = 2024-03-01, value = 10, person_id = 7 }, { id = 2, day = 2024-03-01, value = 1, person_id = 8 } ]
              people = [ { person_id = 7, country = FR }, { person_id = 8, country = DE } ]
            }
            expect = [ { country = FR, total = 11 }, { country = DE, total = 1 } ]
          }
        }
        """);

    mesh.write("jobs/shp/tests/totals.conf", "tests { t { date = 2024-03-01, expect = [] } }\n");

    Cli.Result r = Cli.run(home, "test");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern("(?m)^Not run: \\S+/jobs/shp/tests: tests of domain 'shp', which declares no product here \\(did you mean shop\\?\\)\\.$")
        .contains("mesh test: 2 tests of 1 product")
        .containsPattern("(?m)^\\[1/2\\] PASS  shop\\.totals: sums-per-country \\(1 row, \\d+\\.\\ds\\)$")
        .containsPattern("(?m)^\\[2/2\\] FAIL  shop\\.totals: wrong-on-purpose \\(\\d+\\.\\ds\\)$")
        .contains("totals.conf:14: 1 expected row was not produced, 1 row was produced and not expected (2 produced, 2 expected)")
        .containsPattern("(?m)^      row\\s+country\\s+total$")
        .containsPattern("(?m)^      missing\\s+FR\\s+11$")
        .containsPattern("(?m)^      unexpected\\s+FR\\s+10$")
        .doesNotContainPattern("(?m)^      \\S+\\s+DE\\s+1$")
        .contains("1 of 2 tests passed (1 failed).");

    // The same as one JSON document, for CI.
    Cli.Result json = Cli.run(home, "test", "--format", "json");
    assertThat(json.exitCode()).as(json.out() + json.err()).isEqualTo(1);
    JsonNode root = read(json.out());
    assertThat(root.get("ok").asBoolean()).isFalse();
    assertThat(root.get("tests").asInt()).isEqualTo(2);
    assertThat(root.get("passed").asInt()).isEqualTo(1);
    assertThat(root.get("failed").asInt()).isEqualTo(1);
    assertThat(root.at("/results/0/status").asText()).isEqualTo("passed");
    assertThat(root.at("/results/0/rows").asInt()).isEqualTo(1);
    JsonNode failed = root.at("/results/1");
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("test").asText()).isEqualTo("wrong-on-purpose");
    assertThat(failed.get("file").asText()).endsWith("jobs/shop/tests/totals.conf");
    assertThat(failed.get("line").asInt()).isEqualTo(14);
    assertThat(failed.get("columns").toString()).isEqualTo("[\"country\",\"total\"]");
    assertThat(failed.get("missing").toString()).isEqualTo("[[\"FR\",\"11\"]]");
    assertThat(failed.get("unexpected").toString()).isEqualTo("[[\"FR\",\"10\"]]");
    assertThat(root.get("not_run").get(0).asText()).endsWith("jobs/shp/tests: tests of domain 'shp', which declares no product here (did you mean shop?)");

    // As the JUnit XML report CI servers show: a suite per product, the failure with the rows that differ.
    Cli.Result junit = Cli.run(home, "test", "--format", "junit");
    assertThat(junit.exitCode()).as(junit.out() + junit.err()).isEqualTo(1);
    org.w3c.dom.Element suites = xml(junit.out());
    assertThat(suites.getTagName()).isEqualTo("testsuites");
    assertThat(suites.getAttribute("tests")).isEqualTo("2");
    assertThat(suites.getAttribute("failures")).isEqualTo("1");
    assertThat(suites.getAttribute("errors")).isEqualTo("0");
    org.w3c.dom.Element suite = (org.w3c.dom.Element) suites.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("name")).isEqualTo("shop.totals");
    org.w3c.dom.NodeList cases = suite.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(2);
    org.w3c.dom.Element wrong = (org.w3c.dom.Element) cases.item(1);
    assertThat(wrong.getAttribute("name")).isEqualTo("wrong-on-purpose");
    assertThat(wrong.getAttribute("line")).isEqualTo("14");
    assertThat(((org.w3c.dom.Element) cases.item(0)).getElementsByTagName("failure").getLength()).isZero();
    org.w3c.dom.Element failure = (org.w3c.dom.Element) wrong.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).startsWith("1 expected row was not produced, 1 row was produced and not expected");
    assertThat(failure.getTextContent()).containsPattern("(?m)^missing\\s+FR\\s+11$").containsPattern("(?m)^unexpected\\s+FR\\s+10$");
  }

  private static org.w3c.dom.Element xml(String text) {
    try {
      return javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).getDocumentElement();
    } catch (Exception e) {
      throw new AssertionError("not XML: " + text, e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  @Test
  void inputsAreGivenAsTheDomainReadsThemAndAJavaTransformGetsItsPublishedTable() {
    TestSpark.session();
    TestMesh mesh = shop();
    mesh.write("jobs/shop/tests/running.conf", """
        tests {
          adds-the-day-to-what-it-published {
            date = 2024-03-02
            published = [ { id = 1, value = 10 } ]
            given { lines = [ { id = 2, day = 2024-03-02, value = 5 } ] }
            expect = [ { id = 1, value = 10 }, { id = 2, value = 5 } ]
          }
        }
        """);
    mesh.write("jobs/shop/tests/broken.conf", """
        tests { t { date = 2024-03-01, given { lines = [ { id = 1 } ] }, expect = [ { id = 1 } ] } }
        """);
    mesh.write("jobs/shop/tests/totals.conf", """
        tests {
          with-a-dropped-column {
            date = 2024-03-01
            given {
              lines = [ { id = 1, day = 2024-03-01, value = 10, person_id = 7 } ]
              people = [
                { person_id = 7, country = FR, email = "a@b.c" }
              ]
            }
            expect = [ { country = FR, total = 10 } ]
          }
        }
        """);

    Cli.Result running = Cli.run(home, "test", "shop.running", "shop.lines");
    assertThat(running.exitCode()).as(running.out() + running.err()).isZero();
    assertThat(running.out())
        .contains("No tests of shop.lines: looked for ")
        .containsPattern("(?m)^\\[1/1\\] PASS  shop\\.running: adds-the-day-to-what-it-published \\(2 rows, .+\\)$")
        .contains("1 of 1 test passed.");

    Cli.Result broken = Cli.run(home, "test", "shop.broken");
    assertThat(broken.exitCode()).as(broken.out() + broken.err()).isEqualTo(1);
    assertThat(broken.out())
        .contains("broken.conf:1: what it produces breaks the contract of shop.broken: missing column 'total' (contract: bigint)");

    Cli.Result invalid = Cli.run(home, "test", "--domain", "shop");
    assertThat(invalid.exitCode()).as(invalid.out() + invalid.err()).isEqualTo(2);
    assertThat(invalid.out())
        .containsPattern("(?m)^\\[3/3\\] ERROR shop\\.totals: with-a-dropped-column: the test does not fit the product")
        .contains("totals.conf:7: tests.with-a-dropped-column.given.people[0].email: 'email' is not a column of input "
            + "'people'; its columns: person_id, name, country")
        .contains("1 of 3 tests passed (1 failed, 1 not fitting the product).");

    mesh.write("jobs/shop/tests/totals.conf", """
        tests {
          a-value-of-the-wrong-type {
            date = 2024-03-01
            given {
              lines = [ { id = 1, day = 2024-03-01, value = ten, person_id = 7 } ]
              people = []
            }
            expect = []
          }
        }
        """);
    Cli.Result wrongType = Cli.run(home, "test", "shop.totals");
    assertThat(wrongType.exitCode()).as(wrongType.out() + wrongType.err()).isEqualTo(2);
    assertThat(wrongType.out())
        .contains("totals.conf:5: tests.a-value-of-the-wrong-type.given.lines[0].value: 'ten' is not a value of type bigint"
            + " (column value of input 'lines')");
    Cli.Result wrongJson = Cli.run(home, "test", "shop.totals", "--format", "json");
    assertThat(wrongJson.exitCode()).isEqualTo(2);
    JsonNode problem = read(wrongJson.out()).at("/results/0/problems/0");
    assertThat(read(wrongJson.out()).at("/results/0/status").asText()).isEqualTo("invalid");
    assertThat(problem.get("line").asInt()).isEqualTo(5);
    assertThat(problem.get("key").asText()).isEqualTo("tests.a-value-of-the-wrong-type.given.lines[0].value");
    assertThat(problem.get("message").asText()).startsWith("'ten' is not a value of type bigint");

    // A test file's own mistake, found before any test runs: in the JSON too.
    mesh.write("jobs/shop/tests/totals.conf", "tests { t { date = soon, given { lines = [], people = [] }, expect = [] } }\n");
    Cli.Result badFile = Cli.run(home, "test", "--format", "json");
    assertThat(badFile.exitCode()).isEqualTo(2);
    JsonNode bad = read(badFile.out());
    assertThat(bad.get("ok").asBoolean()).isFalse();
    assertThat(bad.at("/problems/0/key").asText()).isEqualTo("tests.t.date");
    assertThat(bad.at("/problems/0/line").asInt()).isEqualTo(1);
    Cli.Result badJunit = Cli.run(home, "test", "--format", "junit");
    assertThat(badJunit.exitCode()).isEqualTo(2);
    org.w3c.dom.Element badSuites = xml(badJunit.out());
    assertThat(badSuites.getAttribute("errors")).isEqualTo("1");
    assertThat(badSuites.getElementsByTagName("error").item(0).getTextContent()).contains("totals.conf:1: tests.t.date: must be a date");
  }

  @Test
  void aSourceWhoseColumnsOnlyItsDataTellsIsGivenThemByTheTest() {
    TestSpark.session();
    TestMesh mesh = shop();
    mesh.write("conf/shop/landed.conf", Products.reading("shop.landed",
        "raw { source = files, path = \"" + home.resolve("landing") + "/{date}/*.csv\", format = csv, header = true }",
        "transform.sql = landed.sql", "id { type = bigint }"));
    mesh.write("jobs/shop/sql/landed.sql", "SELECT CAST(id AS BIGINT) AS id FROM raw\n");
    mesh.write("jobs/shop/tests/landed.conf", """
        tests {
          casts-the-id {
            date = 2024-03-01
            given { raw = [ { id = "5" } ] }
            expect = [ { id = 5 } ]
          }
        }
        """);

    Cli.Result undeclared = Cli.run(home, "test", "shop.landed");
    assertThat(undeclared.exitCode()).as(undeclared.out() + undeclared.err()).isEqualTo(2);
    assertThat(undeclared.out())
        .contains("landed.conf:4: tests.casts-the-id.given.raw: the columns of source input 'raw' (files) are known only from"
            + " its data: declare them, raw { columns { <name> = <type>, ... }, rows = [ ... ] } (its connector, asked for"
            + " 2024-03-01: ");

    mesh.write("jobs/shop/tests/landed.conf", """
        tests {
          casts-the-id {
            date = 2024-03-01
            given { raw { columns { id = string }, rows = [ { id = "5" } ] } }
            expect = [ { id = 5 } ]
          }
        }
        """);
    Cli.Result declared = Cli.run(home, "test", "shop.landed");
    assertThat(declared.exitCode()).as(declared.out() + declared.err()).isZero();
    assertThat(declared.out()).contains("PASS  shop.landed: casts-the-id (1 row, ");
  }
}
