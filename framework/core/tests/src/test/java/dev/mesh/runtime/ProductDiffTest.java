package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.governance.SchemaChange;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh diff}'s preview: a changed transform's candidate computed as its run would, compared with what its
 * write would replace in each write mode, and nothing written, recorded or leased.
 */
class ProductDiffTest {
  private static final LocalDate D1 = LocalDate.of(2024, 5, 1);
  private static final LocalDate D2 = LocalDate.of(2024, 5, 2);

  @TempDir Path home;

  /** One column a line, as the contract's order is the order of the lines. */
  private static final String SCORES = """
      id { type = bigint, nullable = false }
      name { type = string, pii = true, pii-handling = drop }
      score { type = bigint }
      """;

  /** Declares a product whose SQL transform is {@code jobs/<domain>/sql/<name>.sql} (write it before loading). */
  private static void declare(TestMesh mesh, String id, String format, String output, String rules, String schema) {
    String name = id.substring(id.indexOf('.') + 1);
    mesh.write("conf/" + id.replace('.', '/') + ".conf",
        Products.reading(id, "", "transform.sql = " + name + ".sql", schema)
            + "product.output { format = " + format + " " + output + " }\nproduct.sla.rules = [ " + rules + " ]\n");
  }

  /** Writes the scores product's SQL: these rows of (id, name, score). */
  private static void scores(TestMesh mesh, String id, String rows) {
    mesh.write("jobs/" + id.substring(0, id.indexOf('.')) + "/sql/scores.sql",
        "SELECT * FROM VALUES " + rows + " AS t(id, name, score)");
  }

  /** A scores product published once, with ann, bob and cy; its SQL then changed to {@code changed}. */
  private record Published(MeshContext ctx, ProductDescriptor product, RunResult run) {}

  private static Published publishedThenChanged(TestMesh mesh, String id, String format, String output, String rules, String changed) {
    declare(mesh, id, format, output, rules, SCORES);
    scores(mesh, id, "(1L, 'ann', 10L), (2L, 'bob', 20L), (3L, 'cy', 30L)");
    MeshContext ctx = mesh.context();
    RunResult published = run(ctx, id, D1);
    scores(mesh, id, changed);
    return new Published(ctx, ctx.config().product(id), published);
  }

  private static RunResult run(MeshContext ctx, String id, LocalDate date) {
    RunResult r = new ProductRunner(ctx).run(ctx.config().product(id), date);
    assertThat(r.status()).as("run of %s: %s", id, r.error()).isEqualTo(RunStatus.SUCCEEDED);
    return r;
  }

  private static long runsOf(MeshContext ctx, String id) {
    return ctx.catalog().read(CatalogTable.RUNS).where(functions.col("product").equalTo(id)).count();
  }

  private static List<String> values(String... v) {
    return Arrays.asList(v);
  }

  @Test
  void anOverwriteIsMatchedOnItsUniqueRuleAndNothingIsWrittenRecordedOrLeased() throws Exception {
    Published f = publishedThenChanged(new TestMesh(home), "diff_ow.scores", "delta", "", "{ rule = unique, columns = [id] }",
        "(1L, 'ann', 10L), (2L, 'bob', 25L), (4L, 'di', NULL)");
    MeshContext ctx = f.ctx();
    RunResult published = f.run();
    ProductDescriptor product = f.product();
    long runs = runsOf(ctx, "diff_ow.scores");

    // While another process would hold the product's lease: a preview takes none, so it is not refused.
    try (ProductLeases.Lease held = ctx.leases().acquire(product.id(), LeaseHolder.of("other", product.id(), D1, java.time.Instant.now()))) {
      ProductDiff.Preview p = new ProductDiff(ctx).preview(product, D1, 5);

      assertThat(p.wouldPublish()).as(p.error()).isTrue();
      assertThat(p.replaces()).isEqualTo("the whole table of version " + published.tableVersion() + " (overwrite)");
      TableDiff.Result d = p.rows();
      assertThat(d.key()).containsExactly("id");
      assertThat(List.of(d.before(), d.after(), d.added(), d.removed(), d.changed(), d.unchanged()))
          .containsExactly(3L, 3L, 1L, 1L, 1L, 1L);
      assertThat(d.changedColumns()).containsExactly(java.util.Map.entry("score", 1L));
      assertThat(d.columns()).containsExactly("id", "name", "score");
      // pii columns never reach a sample: their values are not even read into one.
      assertThat(d.samples(TableDiff.Change.CHANGED))
          .containsExactly(new TableDiff.Sample(TableDiff.Change.CHANGED, values("2", "(pii)", "20"), values("2", "(pii)", "25")));
      assertThat(d.samples(TableDiff.Change.ADDED))
          .containsExactly(new TableDiff.Sample(TableDiff.Change.ADDED, null, values("4", "(pii)", null)));
      assertThat(d.samples(TableDiff.Change.REMOVED))
          .containsExactly(new TableDiff.Sample(TableDiff.Change.REMOVED, values("3", "(pii)", "30"), null));
      assertThat(p.schema()).isEmpty();
    }
    TableStoreCheck.unchanged(ctx, product, published.tableVersion());
    assertThat(runsOf(ctx, "diff_ow.scores")).as("runs recorded").isEqualTo(runs);
    assertThat(ctx.spark().sql("SELECT score FROM diff_ow.scores WHERE id = 2").head().getLong(0)).isEqualTo(20L);
  }

  @Test
  void aMergeComparesOnlyTheRowsItsKeysReachAndRemovesNone() {
    Published f = publishedThenChanged(new TestMesh(home), "diff_mg.scores", "iceberg", ", mode = merge, merge-keys = [id]",
        "{ rule = range, column = score, max = 100, on-failure = quarantine }",
        "(2L, 'bob', 21L), (4L, 'di', 40L), (5L, 'ed', 500L)");

    ProductDiff.Preview p = new ProductDiff(f.ctx()).preview(f.product(), D1, 5);

    // The row a quarantining rule sets aside is counted, not compared: it would not be published.
    assertThat(p.wouldPublish()).as(p.error()).isTrue();
    assertThat(p.quarantined()).isEqualTo(1);

    assertThat(p.replaces()).isEqualTo("the rows of version " + f.run().tableVersion()
        + " with the candidate's merge keys (id); a merge removes none");
    TableDiff.Result d = p.rows();
    assertThat(d.key()).containsExactly("id");
    assertThat(List.of(d.before(), d.after(), d.added(), d.removed(), d.changed(), d.unchanged()))
        .containsExactly(1L, 2L, 1L, 0L, 1L, 0L);
  }

  @Test
  void overwrittenPartitionsAreComparedWholeRowsWithoutAKeyAndABlockedCandidateIsStillShown() {
    TestMesh mesh = new TestMesh(home);
    String schema = "id { type = bigint }\n day { type = date }\n score { type = bigint }";
    declare(mesh, "diff_op.scores", "delta", ", mode = overwrite-partitions, partitioned-by = [day]",
        "{ rule = range, column = score, max = 30 }", schema);
    mesh.write("jobs/diff_op/sql/scores.sql", "SELECT id, ${logical_date} AS day, score FROM VALUES (1L, 10L), (2L, 20L) AS t(id, score)");
    MeshContext ctx = mesh.context();
    run(ctx, "diff_op.scores", D1);
    run(ctx, "diff_op.scores", D2);
    // A new column (compatible), one row changed and one that breaks the range rule.
    declare(mesh, "diff_op.scores", "delta", ", mode = overwrite-partitions, partitioned-by = [day]",
        "{ rule = range, column = score, max = 30 }", schema + "\n note { type = string }");
    mesh.write("jobs/diff_op/sql/scores.sql",
        "SELECT id, ${logical_date} AS day, score, 'n' AS note FROM VALUES (1L, 10L), (2L, 99L) AS t(id, score)");
    ctx = mesh.context();

    ProductDiff.Preview p = new ProductDiff(ctx).preview(ctx.config().product("diff_op.scores"), D1, 5);

    assertThat(p.status()).isEqualTo(RunStatus.BLOCKED);
    assertThat(p.error()).contains("range_score");
    assertThat(p.replaces()).contains("in the partitions the candidate writes (day)");
    TableDiff.Result d = p.rows();
    // Only D1's published rows are in reach; with no key a changed row is one removed and one added.
    assertThat(d.key()).isEmpty();
    assertThat(d.keyNotUsed()).isNull();
    assertThat(List.of(d.before(), d.after(), d.added(), d.removed(), d.unchanged())).containsExactly(2L, 2L, 1L, 1L, 1L);
    assertThat(d.columns()).containsExactly("id", "day", "score");
    assertThat(d.samples(TableDiff.Change.ADDED)).extracting(TableDiff.Sample::after)
        .containsExactly(values("2", "2024-05-01", "99"));
    assertThat(p.schema()).extracting(SchemaChange::toString).containsExactly("compatible: note added (string)");
  }

  @Test
  void aProductNeverPublishedIsAllNewAndAFailingTransformSaysWhy() {
    TestMesh mesh = new TestMesh(home);
    declare(mesh, "diff_new.scores", "delta", "", "{ rule = unique, columns = [id] }", SCORES);
    scores(mesh, "diff_new.scores", "(1L, 'ann', 10L), (1L, 'bob', 20L)");
    MeshContext ctx = mesh.context();
    ProductDescriptor product = ctx.config().product("diff_new.scores");

    ProductDiff.Preview p = new ProductDiff(ctx).preview(product, D1, 5);

    // Blocked (the unique rule), and the key repeats in the candidate: whole rows, said why.
    assertThat(p.status()).isEqualTo(RunStatus.BLOCKED);
    assertThat(p.replaces()).isEqualTo("none: diff_new.scores is not published yet, so every row is new");
    assertThat(p.rows().keyNotUsed()).isEqualTo("the key (id) repeats in the candidate");
    assertThat(List.of(p.rows().before(), p.rows().added())).containsExactly(0L, 2L);
    assertThat(ctx.tables().forFormat(product.output().format()).exists(product.id())).isFalse();

    mesh.write("jobs/diff_new/sql/scores.sql", "SELECT id, name, scor FROM VALUES (1L, 'ann', 10L) AS t(id, name, score)");
    ProductDiff.Preview failed = new ProductDiff(mesh.context()).preview(product, D1, 5);
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.rows()).isNull();
    assertThat(failed.error()).contains("does not resolve").contains("scor");

    // A transform whose rows fail as Spark computes them (not an error of mesh's own): failed, as its run would be.
    mesh.write("conf/diff_new/broken.conf", Products.numbers(
        "diff_new.broken", dev.mesh.testing.Transforms.FailsOnTheSecond.class.getName(), "delta", "", ""));
    MeshContext again = mesh.context();
    ProductDiff.Preview broken = new ProductDiff(again).preview(again.config().product("diff_new.broken"), D2, 5);
    assertThat(broken.status()).isEqualTo(RunStatus.FAILED);
    assertThat(broken.rows()).isNull();
    assertThat(broken.error()).contains("diff_new.broken").contains("bad source row");
  }

  /** What a preview must leave as it found it. */
  private static final class TableStoreCheck {
    static void unchanged(MeshContext ctx, ProductDescriptor product, Long version) {
      assertThat(ctx.tables().forFormat(product.output().format()).currentVersion(product.id())).contains(version);
    }
  }
}
