package dev.mesh.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.catalog.CatalogReader;
import dev.mesh.catalog.CatalogRow;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.catalog.DeltaKernelCatalogReader;
import dev.mesh.catalog.SparkCatalogReader;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.ProductRunner;
import dev.mesh.runtime.RunResult;
import dev.mesh.runtime.RunStatus;
import dev.mesh.testing.OpenLineageSchemas;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lineage of real runs: mesh.lineage rows (versions read and written, column lineage from the plan) for a Java and
 * a SQL transform doing the same join and aggregation, and the OpenLineage events, each validated against the
 * official schemas.
 */
class LineageTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);
  private static final String CONTRACT =
      """
          schema {
            day   { type = date, nullable = false, description = "the day summed" }
            total { type = bigint }
            n     { type = bigint, nullable = false }
          }
      """;

  @TempDir static Path home;
  static Path events;
  static MeshContext ctx;
  static final List<String> problems = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void declare() {
    TestMesh mesh = new TestMesh(home);
    events = home.resolve("lineage/events.jsonl");
    mesh.write(
        "conf/mesh.conf",
        "mesh { warehouse = \"" + dev.mesh.testing.TestSpark.warehouse() + "\"\n lineage { path = \"" + events + "\" } }\n");
    mesh.write("conf/lin/left.conf", Products.numbers("lin.left", Transforms.Numbers.class.getName(), "delta", "", ""));
    mesh.write("conf/lin/right.conf", Products.numbers("lin.right", Transforms.Numbers.class.getName(), "iceberg", "", ""));
    String inputs = "inputs { a = lin.left, b = lin.right }\n";
    mesh.write(
        "conf/lin/java_sum.conf",
        product("lin.java_sum", "transform.class = \"" + Transforms.JoinSum.class.getName() + "\"", inputs + CONTRACT));
    mesh.write(
        "conf/lin/sql_sum.conf",
        product(
            "lin.sql_sum",
            "transform.sql = sql_sum.sql",
            inputs + CONTRACT + "sla.rules = [ { rule = row-count, min = 1 }, { rule = unique, columns = [day] } ]\n"));
    mesh.write(
        "conf/lin/sql_sum.sql",
        "SELECT l.day, SUM(l.value + r.value) AS total, COUNT(l.id) AS n\n"
            + "FROM a l JOIN b r ON l.id = r.id WHERE r.value > 0 GROUP BY l.day\n");
    ctx = mesh.context(c -> new LineageListener(c, LineageTransport.of(c.config().platform().lineage()), problems::add));
  }

  private static String product(String id, String transform, String extra) {
    return """
        product {
          id = %s
          version = "1.0.0"
          description = "Sums of %s"
          owner { team = lineage, contact = "lineage@example.com" }
          %s
          output { format = delta }
          %s
        }
        """
        .formatted(id, id, transform, extra);
  }

  private static RunResult run(String id) {
    RunResult r = new ProductRunner(ctx).run(ctx.config().product(id), D1);
    assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
    return r;
  }

  private static Set<String> columnRows(String runId) {
    Set<String> out = new TreeSet<>();
    for (Row r : ctx.catalog().read(CatalogTable.LINEAGE).where(functions.col("run_id").equalTo(runId).and(functions.col("level").equalTo("column"))).collectAsList()) {
      out.add(r.getAs("output_column") + " <- " + r.getAs("input") + "." + r.getAs("input_column") + " " + r.getAs("kind") + " " + r.getAs("subtype"));
    }
    return out;
  }

  private static final Set<String> EXPECTED_INDIRECT =
      Set.of("lin.left.id indirect JOIN", "lin.right.id indirect JOIN", "lin.right.value indirect FILTER", "lin.left.day indirect GROUP_BY");

  private static Set<String> expected() {
    Set<String> out = new TreeSet<>();
    out.add("day <- lin.left.day direct IDENTITY");
    out.add("total <- lin.left.value direct AGGREGATION");
    out.add("total <- lin.right.value direct AGGREGATION");
    out.add("n <- lin.left.id direct AGGREGATION");
    for (String c : List.of("day", "total", "n")) {
      EXPECTED_INDIRECT.forEach(i -> out.add(c + " <- " + i));
    }
    return out;
  }

  @Test
  void javaAndSqlTransformsGetTheSameExactColumnLineageAndTheVersionsRead() throws Exception {
    RunResult left = run("lin.left");
    RunResult right = run("lin.right");
    RunResult java = run("lin.java_sum");
    RunResult sql = run("lin.sql_sum");

    assertThat(columnRows(java.runId())).isEqualTo(expected());
    assertThat(columnRows(sql.runId())).isEqualTo(expected());

    List<Row> edges =
        ctx.spark().sql("SELECT input, input_alias, input_version, output_version FROM mesh.lineage WHERE run_id = '" + sql.runId() + "' AND level = 'table' ORDER BY input").collectAsList();
    assertThat(edges).hasSize(2);
    assertThat(edges.get(0).getString(0)).isEqualTo("lin.left");
    assertThat(edges.get(0).getLong(2)).isEqualTo(left.tableVersion());
    assertThat(edges.get(1).getString(0)).isEqualTo("lin.right");
    assertThat(edges.get(1).getLong(2)).isEqualTo(right.tableVersion()); // an Iceberg snapshot id
    assertThat(edges.get(0).getLong(3)).isEqualTo(sql.tableVersion());
    // the source rows of the upstream products
    assertThat(columnRows(left.runId())).isEmpty();

    List<JsonNode> all = readEvents();
    OpenLineageSchemas schemas = OpenLineageSchemas.load();
    for (JsonNode e : all) {
      assertThat(schemas.problems(e)).as(e.toString()).isEmpty();
    }
    assertThat(problems).isEmpty();
    List<JsonNode> ofSql = all.stream().filter(e -> e.path("run").path("runId").asText().equals(sql.runId())).toList();
    assertThat(ofSql).extracting(e -> e.path("eventType").asText()).containsExactly("START", "COMPLETE");
    JsonNode complete = ofSql.get(1);
    JsonNode out = complete.path("outputs").path(0);
    assertThat(out.path("facets").path("version").path("datasetVersion").asText()).isEqualTo(String.valueOf(sql.tableVersion()));
    assertThat(out.path("outputFacets").path("outputStatistics").path("rowCount").asLong()).isEqualTo(sql.rowsWritten());
    assertThat(out.path("facets").path("schema").path("fields").path(0).path("description").asText()).isEqualTo("the day summed");
    assertThat(out.path("facets").path("ownership").path("owners").path(0).path("name").asText()).isEqualTo("team:lineage");
    JsonNode total = out.path("facets").path("columnLineage").path("fields").path("total").path("inputFields");
    assertThat(total).hasSize(6);
    assertThat(complete.path("inputs")).hasSize(2);
    JsonNode rightIn = null;
    for (JsonNode in : complete.path("inputs")) {
      if (in.path("facets").path("symlinks").path("identifiers").path(0).path("name").asText().equals("lin.right")) {
        rightIn = in;
      }
    }
    assertThat(rightIn).isNotNull();
    assertThat(rightIn.path("facets").path("version").path("datasetVersion").asText()).isEqualTo(String.valueOf(right.tableVersion()));
    assertThat(complete.path("job").path("facets").path("jobType").path("processingType").asText()).isEqualTo("BATCH");
    // the quality check: a child run reading the product, with metrics and assertions as input facets
    List<JsonNode> checks = all.stream().filter(e -> e.path("run").path("facets").path("parent").path("run").path("runId").asText().equals(sql.runId())).toList();
    assertThat(checks).extracting(e -> e.path("eventType").asText()).containsExactly("START", "COMPLETE");
    JsonNode checked = checks.get(1).path("inputs").path(0).path("inputFacets");
    assertThat(checked.path("dataQualityMetrics").path("rowCount").asLong()).isEqualTo(sql.rowsWritten());
    assertThat(checked.path("dataQualityAssertions").path("assertions")).extracting(a -> a.path("assertion").asText() + ":" + a.path("success").asBoolean())
        .contains("row-count:true", "unique:true");

    // What mesh lineage and mesh catalog print, from the same rows
    CatalogQueries q = new CatalogQueries(new dev.mesh.catalog.SparkCatalogReader(ctx.catalog()), ctx.config());
    LineageTree tree = new LineageTree(q.graph(), true);
    assertThat(tree.upstream("lin.sql_sum"))
        .startsWith("lin.sql_sum\n│ · day <- lin.left.day\n│ · n <- lin.left.id\n│ · total <- lin.left.value, lin.right.value\n")
        .contains("│ · rows decided by ")
        .contains("lin.right.value (filter)", "lin.left.id (join)", "lin.left.day (group by)")
        .endsWith("├── lin.left @" + left.tableVersion() + "  (as a)\n└── lin.right @" + right.tableVersion() + "  (as b)\n");
    assertThat(tree.downstream("lin.left"))
        .isEqualTo("lin.left\n├── lin.java_sum  (read @" + left.tableVersion() + " as a)\n│   · day <- day\n│   · n <- id\n│   · total <- value\n"
            + "└── lin.sql_sum  (read @" + left.tableVersion() + " as a)\n    · day <- day\n    · n <- id\n    · total <- value\n");
    assertThat(tree.downstream("lin.sql_sum")).isEqualTo("lin.sql_sum\n└── (no product reads it)\n");
    assertThat(tree.dot("lin.sql_sum", true, false))
        .contains("\"lin.left\" -> \"lin.sql_sum\" [label=\"v" + left.tableVersion() + "\"];")
        .doesNotContain("lin.java_sum");
    CatalogQueries.ProductStatus status =
        q.products().stream().filter(p -> p.id().equals("lin.sql_sum")).findFirst().orElseThrow();
    assertThat(status.status()).isEqualTo("succeeded");
    assertThat(status.tableVersion()).isEqualTo(sql.tableVersion());
    assertThat(status.owner()).isEqualTo("lineage");

    // The metadata commands ask the same questions without Spark: Delta Kernel reads the very rows Spark reads.
    CatalogReader kernel = new DeltaKernelCatalogReader(ctx.config().platform().catalogRoot());
    CatalogReader spark = new SparkCatalogReader(ctx.catalog());
    for (CatalogTable t : List.of(CatalogTable.RUNS, CatalogTable.QUALITY, CatalogTable.LINEAGE, CatalogTable.PRODUCTS)) {
      List<String> columns = List.of(t.schema().fieldNames());
      assertThat(kernel.read(t, columns)).as(t.qualifiedName()).isNotEmpty().containsExactlyInAnyOrderElementsOf(spark.read(t, columns));
    }
    // A read that keeps rows by value (the holds every mesh run reads): Spark filters in its scan, so its driver collects
    // those rows only, and keeps the very rows Kernel keeps.
    List<String> plans = new CopyOnWriteArrayList<>();
    QueryExecutionListener planned = new QueryExecutionListener() {
      @Override
      public void onSuccess(String action, QueryExecution qe, long durationNs) {
        plans.add(qe.optimizedPlan().toString());
      }

      @Override
      public void onFailure(String action, QueryExecution qe, Exception e) {}
    };
    Set<String> statuses = Set.of("succeeded", "held");
    List<String> runColumns = List.of("run_id", "product", "status");
    ctx.spark().listenerManager().register(planned);
    List<CatalogRow> kept;
    try {
      kept = spark.readWhereIn(CatalogTable.RUNS, runColumns, "status", statuses);
      ctx.spark().sparkContext().listenerBus().waitUntilEmpty(10_000);
    } finally {
      ctx.spark().listenerManager().unregister(planned);
    }
    assertThat(plans).anySatisfy(plan -> assertThat(plan).containsPattern("Filter .*status#\\d+ IN \\("));
    assertThat(kept).isNotEmpty().allSatisfy(r -> assertThat(statuses).contains(r.string("status")))
        .containsExactlyInAnyOrderElementsOf(kernel.readWhereIn(CatalogTable.RUNS, runColumns, "status", statuses));
    CatalogQueries k = new CatalogQueries(kernel, ctx.config());
    assertThat(k.graph()).isEqualTo(q.graph());
    assertThat(k.products()).isEqualTo(q.products());
    assertThat(k.recentQuality("lin.sql_sum", 3))
        .isNotEmpty()
        .isEqualTo(q.recentQuality("lin.sql_sum", 3))
        .extracting(r -> r.string("rule"))
        .contains("unique_day");
    // ... and what Spark SQL answers (the last published version per product, as mesh catalog shows it).
    var lastPublished = ctx.spark().read().format("delta").load(ctx.catalog().location(CatalogTable.RUNS))
        .where("status = 'succeeded' AND product LIKE 'lin.%'")
        .groupBy("product").agg(functions.expr("max_by(table_version, ended_at)"));
    for (Row r : lastPublished.collectAsList()) {
      assertThat(k.products()).filteredOn(p -> p.id().equals(r.getString(0))).extracting(CatalogQueries.ProductStatus::tableVersion).containsExactly(r.getLong(1));
    }
  }

  @Test
  void aFailedRunEmitsFailWithTheErrorAndValidEvents() throws IOException {
    // No upstream published under this id: the run ends "input missing" before reading anything.
    TestMesh other = new TestMesh(home.resolve("fail"));
    other.write("conf/mesh.conf", "mesh { warehouse = \"" + dev.mesh.testing.TestSpark.warehouse() + "\"\n lineage { path = \"" + events + "\" } }\n");
    other.write("conf/linf/up.conf", Products.numbers("linf.up", Transforms.Numbers.class.getName(), "delta", "", ""));
    other.write("conf/linf/down.conf", Products.numbers("linf.down", Transforms.Doubler.class.getName(), "delta", "", "inputs { upstream = linf.up }"));
    MeshContext c = other.context(x -> new LineageListener(x, LineageTransport.of(x.config().platform().lineage()), problems::add));
    RunResult r = new ProductRunner(c).run(c.config().product("linf.down"), D1);
    assertThat(r.status()).isEqualTo(RunStatus.INPUT_MISSING);

    List<JsonNode> mine = readEvents().stream().filter(e -> e.path("run").path("runId").asText().equals(r.runId())).toList();
    assertThat(mine).extracting(e -> e.path("eventType").asText()).containsExactly("START", "FAIL");
    JsonNode fail = mine.get(1);
    assertThat(fail.path("run").path("facets").path("errorMessage").path("message").asText()).isEqualTo(r.error());
    assertThat(fail.path("inputs").path(0).path("facets").path("symlinks").path("identifiers").path(0).path("name").asText()).isEqualTo("linf.up");
    for (JsonNode e : mine) {
      assertThat(OpenLineageSchemas.load().problems(e)).as(e.toString()).isEmpty();
    }
    assertThat(c.catalog().read(CatalogTable.LINEAGE).where(functions.col("run_id").equalTo(r.runId())).count()).isZero();
  }

  @Test
  void aRunWarnedAboutADeprecatedInputCarriesTheWarningInItsEvent() throws IOException {
    TestMesh other = new TestMesh(home.resolve("warn"));
    other.write("conf/mesh.conf", "mesh { warehouse = \"" + dev.mesh.testing.TestSpark.warehouse() + "\"\n lineage { path = \"" + events + "\" } }\n");
    other.write("conf/linw/old.conf", Products.numbers("linw.old", Transforms.Numbers.class.getName(), "delta", "", "deprecated-after = \"2999-12-31\""));
    other.write("conf/linw/reader.conf", Products.numbers("linw.reader", Transforms.Doubler.class.getName(), "delta", "", "inputs { upstream = linw.old }"));
    MeshContext c = other.context(x -> new LineageListener(x, LineageTransport.of(x.config().platform().lineage()), problems::add));
    assertThat(new ProductRunner(c).run(c.config().product("linw.old"), D1).status()).isEqualTo(RunStatus.SUCCEEDED);
    RunResult r = new ProductRunner(c).run(c.config().product("linw.reader"), D1);
    assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.warnings()).singleElement().asString().startsWith("deprecated-input: input 'upstream' (linw.old) is deprecated");

    JsonNode complete = readEvents().stream()
        .filter(e -> e.path("run").path("runId").asText().equals(r.runId()) && e.path("eventType").asText().equals("COMPLETE"))
        .findFirst().orElseThrow();
    JsonNode facet = complete.path("run").path("facets").path("mesh_warnings");
    assertThat(facet.path("warnings").path(0).asText()).isEqualTo(r.warnings().get(0));
    assertThat(facet.path("_schemaURL").asText()).isEqualTo(OpenLineageEvents.WARNINGS_FACET);
    assertThat(OpenLineageSchemas.load().problems(complete)).as(complete.toString()).isEmpty();
  }

  static List<JsonNode> readEvents() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(events)) {
      out.add(OpenLineageEvents.mapper().readTree(line));
    }
    return out;
  }
}
