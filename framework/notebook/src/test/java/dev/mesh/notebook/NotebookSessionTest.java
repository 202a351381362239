package dev.mesh.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.graph.ProductGraph;
import dev.mesh.lineage.LineageListener;
import dev.mesh.lineage.LineageTransport;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.MeshRunner;
import dev.mesh.runtime.RunResult;
import dev.mesh.runtime.RunStatus;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's cell logic over a small mesh that ran once: SQL, magics, limits, errors, read-only. */
class NotebookSessionTest {
  @TempDir static Path home;
  static NotebookSession nb;
  static MeshContext ctx;

  @BeforeAll
  static void runASmallMesh() {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/nbk_src/numbers.conf", Products.numbers("nbk_src.numbers", Transforms.Numbers.class.getName(), "delta", "",
        "description = \"Numbers of the day for <notebook> tests\"\n tags = [numbers]\n sla { freshness = 26h\n rules = ["
            + "{ rule = unique, column = id }, { rule = range, column = value, min = 0, severity = warn },"
            + " { rule = allowed-values, column = id, values = [1, 2, 3], on-failure = quarantine }] }"));
    mesh.write("conf/nbk_use/doubled.conf", Products.numbers("nbk_use.doubled", Transforms.Doubler.class.getName(), "iceberg", "",
        "inputs { upstream = nbk_src.numbers }"));
    mesh.write("conf/nbk_use/never.conf", Products.numbers("nbk_use.never", Transforms.Numbers.class.getName(), "delta", "", ""));
    List<String> problems = new ArrayList<>();
    ctx = mesh.context(c -> new LineageListener(c, LineageTransport.of(c.config().platform().lineage()), problems::add));
    ProductGraph graph = ProductGraph.of(ctx.config().all());
    List<RunResult> results = new MeshRunner(ctx, 2).run(graph,
        java.util.Set.of(dev.mesh.model.ProductId.parse("nbk_src.numbers"), dev.mesh.model.ProductId.parse("nbk_use.doubled")),
        List.of(LocalDate.of(2024, 5, 1)), new MeshRunner.Listener() {});
    assertThat(results).allSatisfy(r -> assertThat(r.status()).as("%s", r.error()).isEqualTo(RunStatus.SUCCEEDED));
    nb = new NotebookSession(TestSpark.session(), ctx.config(), Clock.systemUTC());
  }

  @Test
  void sqlCellsQueryProductsAndCatalogTablesByIdAsHtmlAndTextWithTheRowLimit() {
    List<Output> out = nb.eval("select id, value from nbk_use.doubled order by id");
    assertThat(out).hasSize(1);
    assertThat(out.get(0).html()).startsWith("<table").contains("<th>id</th>").contains("<td style=\"text-align:right\">");
    assertThat(out.get(0).text()).containsPattern("id\\s+value");

    assertThat(nb.eval("%limit 2").get(0).text()).isEqualTo("Tables now show at most 2 rows.");
    try {
      String html = nb.eval("select * from nbk_src.numbers").get(0).html();
      assertThat(html.split("<tr>", -1)).hasSize(1 + 1 + 2);
      assertThat(html).contains("limited to 2: change with %limit N");
    } finally {
      nb.eval("%limit 100");
    }
    // Several statements: each result is shown; the catalog tables are there by name.
    List<Output> two = nb.eval("select count(*) as runs from mesh.runs where product = 'nbk_src.numbers';\nselect 1 as one");
    assertThat(two).hasSize(2);
    assertThat(two.get(0).text()).containsPattern("runs\\s*\\n-+\\s*\\n[1-9]");
  }

  @Test
  void errorsAreMessagesForTheAnalystAndTheSessionKeepsWorking() {
    assertThatThrownBy(() -> nb.eval("selec * from nbk_src.numbers"))
        .isInstanceOf(NotebookException.class)
        .hasMessageStartingWith("Query failed: [PARSE_SYNTAX_ERROR]");
    assertThatThrownBy(() -> nb.eval("select * from nbk_src.nope"))
        .hasMessageStartingWith("Query failed: no table or product named nbk_src.nope (line 1, position 14).\n")
        .hasMessageNotContaining("Did you mean")
        .hasMessageContaining("the catalog tables are mesh.products, mesh.runs, mesh.quality, mesh.lineage and mesh.alerts.")
        .hasMessageContaining("List the products with %products");
    assertThatThrownBy(() -> nb.eval("select * from nbk_src.numbrs"))
        .hasMessageStartingWith("Query failed: no table or product named nbk_src.numbrs (line 1, position 14). Did you mean nbk_src.numbers?");
    assertThatThrownBy(() -> nb.eval("select 1;\nselect nope from nbk_src.numbers"))
        .hasMessageStartingWith("Statement 2 of 2 failed: ");
    assertThatThrownBy(() -> nb.eval("%describe nbk_src.unknown")).hasMessageContaining("Unknown product nbk_src.unknown")
        .hasMessageNotContaining("Did you mean");
    assertThatThrownBy(() -> nb.eval("%describe nbk_src.numbrs")).hasMessageContaining("Did you mean nbk_src.numbers?");
    assertThatThrownBy(() -> nb.eval("%frobnicate")).hasMessageContaining("Unknown magic %frobnicate");
    assertThatThrownBy(() -> nb.eval("%limit zero")).hasMessageContaining("%limit takes a positive number");
    assertThat(nb.eval("select 41 + 1 as answer").get(0).text()).contains("42");
  }

  @Test
  void statementsThatWouldChangeTheMeshAreRefusedAndNothingIsWritten() {
    long before = ctx.catalog().read(CatalogTable.RUNS).count();
    long rows = TestSpark.session().table("nbk_src.numbers").count();
    for (String write : List.of(
        "insert into nbk_src.numbers select * from nbk_src.numbers",
        "delete from nbk_src.numbers",
        "drop table nbk_src.numbers",
        "create table nbk_src.copy as select * from nbk_src.numbers",
        "create view nbk_src.v as select 1")) {
      assertThatThrownBy(() -> nb.eval(write)).as(write).isInstanceOf(NotebookException.class)
          .hasMessageStartingWith("Not run: this notebook kernel is read-only");
    }
    assertThat(TestSpark.session().table("nbk_src.numbers").count()).isEqualTo(rows);
    assertThat(ctx.catalog().read(CatalogTable.RUNS).count()).isEqualTo(before);
    // Session-local views and reads of metadata are fine.
    nb.eval("create or replace temporary view nbk_view as select id from nbk_src.numbers");
    assertThat(nb.eval("select count(*) as n from nbk_view").get(0).text()).contains(String.valueOf(rows));
    assertThat(nb.eval("describe nbk_src.numbers").get(0).text()).contains("value");
  }

  @Test
  void discoveryMagicsListSearchDescribeAndTraceLineage() {
    String all = nb.eval("%products").get(0).text();
    assertThat(all).contains("nbk_src.numbers").contains("nbk_use.doubled").containsPattern("nbk_use.never.*never run");
    assertThat(nb.eval("%products <NOTEBOOK> tests").get(0).text()).contains("nbk_src.numbers").doesNotContain("nbk_use.doubled");
    assertThat(nb.eval("%products zebra-crossing").get(0).text()).startsWith("No product matches 'zebra-crossing'");
    // %help names every catalog table an analyst can query (its text is written by hand: a new table must join it).
    String help = nb.eval("%help").get(0).text().replaceAll("\\s+", " ");
    assertThat(CatalogTable.qualifiedNames()).allSatisfy(t -> assertThat(help).as("%%help").contains(t));

    Output d = nb.eval("%describe nbk_src.numbers").get(0);
    assertThat(d.html())
        .contains("<h3>nbk_src.numbers</h3>")
        .contains("Numbers of the day for &lt;notebook&gt; tests")
        .contains("test &lt;test@example.com&gt;")
        .contains("at most 26h since the last successful run")
        .contains("<td>ok (last success ")
        .contains("succeeded for 2024-05-01")
        .contains("Quality of the last run")
        .contains("unique_id")
        .contains("passed");
    assertThat(d.text()).contains("consumers:").contains("nbk_use.doubled");
    // Where it is declared, as the analyst finds it in the project: not an absolute path of this machine.
    assertThat(d.text()).containsPattern("declared in:\\s+conf/nbk_src/numbers.conf:1\\n");
    // The rules as declared, beside their severity: never a record's toString, and a warn rule says nothing of BLOCK.
    String rules = d.text().substring(d.text().indexOf("quality rules:"), d.text().indexOf("quality of the last run:"));
    assertThat(rules).isEqualTo("""
        quality rules:
        rule               severity  definition
        -----------------  --------  ------------------------------------------
        unique_id          error     unique(id)
        range_value        warn      range(value ≥ 0)
        allowed_values_id  error     allowed-values(id in 1, 2, 3) → quarantine
        (3 rows)

        """);
    assertThat(d.html()).contains("<td>allowed-values(id in 1, 2, 3) → quarantine</td>");
    assertThat(d.text() + d.html()).doesNotContain("[name=").doesNotContain("onFailure=").doesNotContainPattern("PT\\d");
    assertThat(nb.eval("%describe nbk_use.never").get(0).text()).contains("never run");

    // A held product (mesh hold) says so; its last run is still its last run, not the hold.
    dev.mesh.runtime.ProductHolds holds = new dev.mesh.runtime.ProductHolds(ctx);
    assertThat(holds.hold(ctx.config().product("nbk_use.doubled"), "values doubled twice").ok()).isTrue();
    try {
      assertThat(nb.eval("%describe nbk_use.doubled").get(0).text())
          .containsPattern("last run:\\s+succeeded for 2024-05-01")
          .containsPattern("held:\\s+since \\S+ \\(hold-[0-9a-f-]{36}\\): values doubled twice; its runs do not run until mesh release"
              + " nbk_use.doubled\\n");
      assertThat(nb.eval("%products").get(0).text()).containsPattern("(?m)^nbk_use.doubled .* succeeded, held *$");
    } finally {
      assertThat(holds.release(ctx.config().product("nbk_use.doubled"), null).changed()).isTrue();
    }
    assertThat(nb.eval("%describe nbk_use.doubled").get(0).text()).doesNotContain("held:").contains("succeeded for 2024-05-01");

    List<Output> lineage = nb.eval("%lineage nbk_use.doubled --columns");
    assertThat(lineage.get(0).text()).containsPattern("upstream\\s+nbk_src.numbers\\s+1\\s+nbk_src\\s+test\\s+delta\\s+\\d+")
        .contains("upstream of nbk_use.doubled").contains("└── nbk_src.numbers @");
    assertThat(lineage.get(1).text()).containsPattern("value\\s+nbk_src.numbers\\s+value\\s+direct");
    assertThat(nb.eval("%lineage nbk_src.numbers").get(0).text()).containsPattern("downstream\\s+nbk_use.doubled\\s+1");
  }

  @Test
  void aChartCellDrawsThePngOfItsQuery() {
    Output o = nb.eval("%chart line x=id y=value title=\"values\"\nselect cast(id as string) as id, value from nbk_src.numbers order by id").get(0);
    assertThat(o.png()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    assertThat(o.text()).startsWith("line chart: values (");
    assertThatThrownBy(() -> nb.eval("%chart pie\nselect 1, 2")).hasMessageContaining("%chart needs a kind, bar or line");
  }
}
