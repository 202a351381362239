package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.core.Mesh;
import dev.mesh.model.Origin;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL transforms planned against their inputs with no data ({@code mesh validate --analyze}): upstream contracts (a
 * port's columns for another domain), a source's schema, the product's own contract; no Spark job runs.
 */
class TransformAnalysisTest {
  private static final LocalDate DAY = LocalDate.of(2024, 5, 7);

  @TempDir Path home;

  private void product(TestMesh mesh, String id, String transform, String schema, String inputs) {
    String[] parts = id.split("\\.");
    mesh.write("conf/" + parts[0] + "/" + parts[1] + ".conf", Products.reading(id, inputs, transform, schema));
  }

  private void sqlProduct(TestMesh mesh, String id, String sql, String schema, String inputs) {
    String name = id.split("\\.")[1];
    product(mesh, id, "transform.sql = " + name + ".sql", schema, inputs);
    mesh.write("conf/" + id.split("\\.")[0] + "/" + name + ".sql", sql);
  }

  @Test
  void findsWhatARunWouldFailWithBeforeAnyRunAndReadsNoData() {
    // Its own warehouse, to see that nothing is written there (not even the catalog tables a run's context creates).
    TestMesh mesh = TestMesh.withoutSpark(home);
    // The upstream: its port (what other domains read) drops the e-mail.
    product(mesh, "people.people", "transform.class = \"dev.mesh.testing.Transforms$Numbers\"",
        "id = bigint, day = date, email { type = string, pii = true, pii-handling = drop }", "");
    String p = "p { product = people.people }";
    sqlProduct(mesh, "people.same", "SELECT id, email FROM p", "id = bigint, email = string", p);
    sqlProduct(mesh, "other.dropped", "SELECT id,\n  email FROM p", "id = bigint, email = string", p);
    sqlProduct(mesh, "other.extra", "SELECT id, day, id * 2 AS twice FROM p", "id = bigint, day = date", p);
    sqlProduct(mesh, "other.function", "SELECT id, ${logical_date} AS day, dat_add(day, 1) AS next FROM p",
        "id = bigint, day = date, next = date", p);
    sqlProduct(mesh, "other.nations", "SELECT n_name AS name FROM nation", "name = string",
        "nation { source = tpch, table = nation }");
    sqlProduct(mesh, "other.regions", "SELECT r_nme AS name FROM region", "name = string",
        "region { source = tpch, table = region }");
    Mesh m = mesh.mesh();
    TransformAnalysis analysis = m.transformAnalysis();
    m.spark().sparkContext().setJobGroup("analysis-test", "the analysis runs no job", false);
    try {
      assertThat(analysis.analyze(m.config().product("people.people"), DAY))
          .isInstanceOf(TransformAnalysis.Outcome.NotAnalyzed.class);
      // The owning domain reads the clear table, which has the e-mail; another domain reads the port, which does not.
      assertThat(analysis.analyze(m.config().product("people.same"), DAY))
          .isInstanceOf(TransformAnalysis.Outcome.Resolved.class);
      assertThat(problem(analysis, m, "other.dropped"))
          .startsWith("SQL transform " + home.resolve("conf/other/dropped.sql") + " does not resolve: [UNRESOLVED_COLUMN")
          .contains("`email`")
          .endsWith("(line 2, pos 2)");
      // SQL that does not resolve points at its transform.sql line; a broken contract at the product's schema.
      assertThat(at(analysis, m, "other.dropped").line()).isEqualTo(6);
      assertThat(at(analysis, m, "other.dropped").file()).endsWith("dropped.conf");
      assertThat(at(analysis, m, "other.extra").line()).isEqualTo(8);
      assertThat(problem(analysis, m, "other.extra"))
          .isEqualTo("SQL transform " + home.resolve("conf/other/extra.sql") + " breaks the schema contract of other.extra:"
              + " extra column 'twice' (bigint) is not in the contract");
      // Positions are those of the SQL as written, before ${logical_date} is replaced.
      assertThat(problem(analysis, m, "other.function"))
          .contains("[UNRESOLVED_ROUTINE] Cannot resolve function `dat_add`")
          .endsWith("(line 1, pos 35)");
      // A source's columns come from its connector's Dataset, unread.
      assertThat(analysis.analyze(m.config().product("other.nations"), DAY))
          .isInstanceOf(TransformAnalysis.Outcome.Resolved.class);
      assertThat(problem(analysis, m, "other.regions")).contains("`r_nme`").contains("`r_name`");
      assertThat(m.spark().sparkContext().statusTracker().getJobIdsForGroup("analysis-test")).isEmpty();
    } finally {
      m.spark().sparkContext().clearJobGroup();
    }
    assertThat(home.resolve("warehouse")).doesNotExist();
  }

  private static String problem(TransformAnalysis analysis, Mesh m, String id) {
    return problemOf(analysis, m, id).message();
  }

  private static Origin at(TransformAnalysis analysis, Mesh m, String id) {
    return problemOf(analysis, m, id).at();
  }

  private static TransformAnalysis.Outcome.Problem problemOf(TransformAnalysis analysis, Mesh m, String id) {
    TransformAnalysis.Outcome outcome = analysis.analyze(m.config().product(id), DAY);
    assertThat(outcome).as(id).isInstanceOf(TransformAnalysis.Outcome.Problem.class);
    return (TransformAnalysis.Outcome.Problem) outcome;
  }
}
