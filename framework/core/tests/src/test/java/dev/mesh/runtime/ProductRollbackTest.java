package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogRow;
import dev.mesh.catalog.Publications;
import dev.mesh.errors.ErrorKind;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.lineage.LineageListener;
import dev.mesh.lineage.LineageTransport;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.storage.TableStore;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh rollback}: an earlier run's rows current again under the product's lease, the runs after it withdrawn
 * (also from what {@code mesh status} reads), the products that read a withdrawn version named, a port rewritten from
 * the restored clear rows, and a version the declared contract no longer fits refused with nothing changed.
 */
class ProductRollbackTest {
  private static final LocalDate D1 = LocalDate.of(2024, 7, 1);
  private static final LocalDate D2 = LocalDate.of(2024, 7, 2);
  private static final LocalDate D3 = LocalDate.of(2024, 7, 3);

  @TempDir Path home;

  private static RunResult run(MeshContext ctx, String id, LocalDate date) {
    RunResult r = new ProductRunner(ctx).run(ctx.config().product(id), date);
    assertThat(r.status()).as("run of %s: %s", id, r.error()).isEqualTo(RunStatus.SUCCEEDED);
    return r;
  }

  private static List<String> rows(MeshContext ctx, TableStore store, String table) {
    return store.readCurrent(ctx.spark(), ProductId.parse(table)).orderBy("id").collectAsList().stream().map(Row::toString).toList();
  }

  /** Declares {@code <domain>.scores} (id, score), its SQL {@code jobs/<domain>/sql/scores.sql}, with {@code extra}. */
  private static void declareScores(TestMesh mesh, String domain, String extra) {
    mesh.write("conf/" + domain + "/scores.conf",
        Products.reading(domain + ".scores", "", "transform.sql = scores.sql", "id { type = bigint }\nscore { type = bigint }")
            + extra + "\n");
  }

  private static void scores(TestMesh mesh, String rows) {
    scores(mesh, "rb", rows);
  }

  private static void scores(TestMesh mesh, String domain, String rows) {
    mesh.write("jobs/" + domain + "/sql/scores.sql", "SELECT * FROM VALUES " + rows + " AS t(id, score)");
  }

  private static ProductRollback.Outcome rollback(MeshContext ctx, String id, String toRun, boolean dryRun) {
    return new ProductRollback(ctx).rollback(ctx.config().product(id), toRun, "a wrong score", dryRun);
  }

  @Test
  void aRollbackWithdrawsTheRunsAfterTheOneItRestoresAndNamesWhoReadThem() {
    TestMesh mesh = new TestMesh(home);
    declareScores(mesh, "rb", "product.output.mode = append");
    mesh.write("conf/rb/total.conf",
        Products.reading("rb.total", "s { product = rb.scores }", "transform.sql = total.sql", "total { type = bigint }"));
    mesh.write("jobs/rb/sql/total.sql", "SELECT sum(score) AS total FROM s");
    scores(mesh, "(1L, 10L)");
    MeshContext ctx = mesh.context(c -> new LineageListener(c, LineageTransport.of(c.config().platform().lineage()), p -> {}));
    TableStore delta = ctx.tables().forFormat(TableFormat.DELTA);
    RunResult first = run(ctx, "rb.scores", D1);
    scores(mesh, "(2L, 20L)");
    RunResult second = run(ctx, "rb.scores", D2);
    RunResult totalD2 = run(ctx, "rb.total", D2);
    scores(mesh, "(3L, 3000L)");
    RunResult bad = run(ctx, "rb.scores", D3);
    run(ctx, "rb.total", D3);
    assertThat(rows(ctx, delta, "rb.scores")).containsExactly("[1,10]", "[2,20]", "[3,3000]");

    // A dry run says what would happen and changes nothing.
    ProductRollback.Outcome preview = rollback(ctx, "rb.scores", null, true);
    assertThat(preview.ok()).as(preview.error()).isTrue();
    assertThat(preview.to().run().runId()).isEqualTo(second.runId());
    assertThat(preview.withdrawn()).extracting(p -> p.run().runId()).containsExactly(bad.runId());
    assertThat(preview.readers()).containsExactly(new ProductRollback.Reader(ProductId.parse("rb.total"), List.of(D3)));
    assertThat(delta.currentVersion(ProductId.parse("rb.scores"))).contains(bad.tableVersion());

    // Without --to-run: back to the publication before the current one.
    ProductRollback.Outcome back = rollback(ctx, "rb.scores", null, false);
    assertThat(back.ok()).as(back.error()).isTrue();
    assertThat(rows(ctx, delta, "rb.scores")).containsExactly("[1,10]", "[2,20]");
    assertThat(back.version()).isEqualTo(delta.currentVersion(ProductId.parse("rb.scores")).orElseThrow()).isGreaterThan(bad.tableVersion());
    assertThat(back.withdrawn()).extracting(p -> p.run().runId()).containsExactly(bad.runId());
    // rb.total's run of D2 read the rows of D2's publication, which stay: only D3's read a withdrawn version.
    assertThat(back.readers()).containsExactly(new ProductRollback.Reader(ProductId.parse("rb.total"), List.of(D3)));
    CatalogRow recorded =
        ctx.catalog().reader().read(dev.mesh.catalog.CatalogTable.RUNS, List.of("run_id", "status", "logical_date", "table_version", "restored_run", "reason"),
            r -> back.id().equals(r.string("run_id"))).get(0);
    assertThat(java.util.Arrays.asList(recorded.string("status"), recorded.date("logical_date"), recorded.longValue("table_version"), recorded.string("restored_run"), recorded.string("reason")))
        .containsExactly("rolled-back", D2, back.version(), second.runId(), "a wrong score");

    // What mesh status and the monitor read: D2's run's rows, published when it ended, at the rollback's version.
    CatalogQueries.RunSummary summary = new CatalogQueries(ctx.catalog().reader(), ctx.config()).runSummaries().get("rb.scores");
    assertThat(summary.last().string("status")).isEqualTo("rolled-back");
    assertThat(summary.lastSuccess().string("run_id")).isEqualTo(second.runId());
    assertThat(summary.lastSuccess().instant("ended_at")).isEqualTo(second.endedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    assertThat(summary.lastSuccess().longValue("table_version")).isEqualTo(back.version());

    // Runs go on from the restored rows; a later rollback to the first run withdraws the restored one and the new one.
    scores(mesh, "(3L, 30L)");
    RunResult fixed = run(ctx, "rb.scores", D3);
    assertThat(rows(ctx, delta, "rb.scores")).containsExactly("[1,10]", "[2,20]", "[3,30]");
    ProductRollback.Outcome toFirst = rollback(ctx, "rb.scores", first.runId().substring(0, 8), false);
    assertThat(toFirst.ok()).as(toFirst.error()).isTrue();
    assertThat(rows(ctx, delta, "rb.scores")).containsExactly("[1,10]");
    assertThat(toFirst.withdrawn()).extracting(p -> p.run().runId()).containsExactly(second.runId(), fixed.runId());
    assertThat(toFirst.withdrawn().get(0).restoredBy().runId()).isEqualTo(back.id());

    // rb.total back to its run of D2: mesh lineage shows what that run read, not what the withdrawn run of D3 read.
    ProductRollback.Outcome totalBack = rollback(ctx, "rb.total", null, false);
    assertThat(totalBack.ok()).as(totalBack.error()).isTrue();
    assertThat(new CatalogQueries(ctx.catalog().reader(), ctx.config()).graph().inputs("rb.total")).singleElement().satisfies(e -> {
      assertThat(e.runId()).isEqualTo(totalD2.runId());
      assertThat(e.inputVersion()).isEqualTo(second.tableVersion());
    });
  }

  @Test
  void aTargetThatIsNotAnEarlierPublicationOrAHeldLeaseChangesNothing() {
    TestMesh mesh = new TestMesh(home);
    declareScores(mesh, "rbt", "product.output.retention = 0s");
    scores(mesh, "rbt", "(1L, 10L)");
    MeshContext ctx = mesh.context();
    RunResult first = run(ctx, "rbt.scores", D1);

    ProductRollback.Outcome none = rollback(ctx, "rbt.scores", null, false);
    assertThat(none.kind()).isEqualTo(ErrorKind.INVALID);
    assertThat(none.error()).isEqualTo("Cannot roll back rbt.scores: it has one publication only (run " + first.runId().substring(0, 8)
        + " for " + D1 + " (version " + first.tableVersion() + ")), nothing before it. Nothing changed.");

    scores(mesh, "rbt", "(2L, 20L)");
    RunResult current = run(ctx, "rbt.scores", D2);
    ProductRollback.Outcome unknown = rollback(ctx, "rbt.scores", "0000000000", false);
    assertThat(unknown.kind()).isEqualTo(ErrorKind.INVALID);
    assertThat(unknown.error()).startsWith("Cannot roll back rbt.scores: run 0000000000 is not among its publications (withdrawn by an earlier rollback, not published, or another product's run)."
        + " Its publications, newest first: run " + current.runId().substring(0, 8) + " for " + D2);
    ProductRollback.Outcome toCurrent = rollback(ctx, "rbt.scores", current.runId(), false);
    assertThat(toCurrent.error()).contains("run " + current.runId() + " published the current rows already");

    try (ProductLeases.Lease held = ctx.leases().acquire(ProductId.parse("rbt.scores"), LeaseHolder.of("other", ProductId.parse("rbt.scores"), D2, Instant.now()))) {
      ProductRollback.Outcome busy = rollback(ctx, "rbt.scores", null, false);
      assertThat(busy.kind()).isEqualTo(ErrorKind.BUSY);
      assertThat(busy.error()).startsWith("Not rolled back: another run of rbt.scores is in progress (run other for " + D2);
    }
    assertThat(rows(ctx, ctx.tables().forFormat(TableFormat.DELTA), "rbt.scores")).containsExactly("[2,20]");
    assertThat(ctx.tables().forFormat(TableFormat.DELTA).currentVersion(ProductId.parse("rbt.scores"))).contains(current.tableVersion());

    // mesh maintain at a retention of 0s deletes what only the first version needed: it cannot come back.
    assertThat(new Maintenance(ctx).maintain(ctx.config().product("rbt.scores")).filesDeleted()).isPositive();
    ProductRollback.Outcome gone = rollback(ctx, "rbt.scores", null, false);
    assertThat(gone.kind()).isEqualTo(ErrorKind.FAILED);
    assertThat(gone.error())
        .startsWith("Cannot roll back rbt.scores to run " + first.runId().substring(0, 8) + " for " + D1 + " (version " + first.tableVersion()
            + "): that version could not be restored (Not all files from version " + first.tableVersion() + " are available in file system)."
            + " A version superseded longer ago than the product's retention (0s) loses its files to mesh maintain.")
        .endsWith(" Nothing changed: rbt.scores keeps its current version.");
    assertThat(rows(ctx, ctx.tables().forFormat(TableFormat.DELTA), "rbt.scores")).containsExactly("[2,20]");
    assertThat(ctx.tables().forFormat(TableFormat.DELTA).currentVersion(ProductId.parse("rbt.scores"))).contains(current.tableVersion());
  }

  @Test
  void aProductWithPiiHasItsPortRewrittenFromTheRestoredRowsAndAContractChangeIsRefused() {
    TestMesh mesh = new TestMesh(home);
    String people = """
        product {
          id = rbi.people
          version = "1.0.0"
          owner { team = people-team, contact = "people@example.com" }
          transform.class = "dev.mesh.governance.DatedPeople"
          output { format = iceberg, mode = overwrite }
          schema {
            id    { type = bigint, nullable = false }
            name  { type = string, pii = true, pii-handling = hash }
            email { type = string, pii = true, pii-handling = mask }
            day   { type = date, nullable = false }
            %s
          }
        }
        """;
    mesh.write("conf/rbi/people.conf", people.formatted(""));
    MeshContext ctx = mesh.context();
    TableStore iceberg = ctx.tables().forFormat(TableFormat.ICEBERG);
    RunResult first = run(ctx, "rbi.people", D1);
    List<String> clearD1 = rows(ctx, iceberg, "rbi_internal.people");
    List<String> portD1 = rows(ctx, iceberg, "rbi.people");
    RunResult second = run(ctx, "rbi.people", D2);
    assertThat(rows(ctx, iceberg, "rbi.people")).isNotEqualTo(portD1);

    ProductRollback.Outcome back = rollback(ctx, "rbi.people", null, false);
    assertThat(back.ok()).as(back.error()).isTrue();
    assertThat(back.version()).isEqualTo(first.tableVersion());
    assertThat(rows(ctx, iceberg, "rbi_internal.people")).isEqualTo(clearD1).contains("[1,Ada 1,ada1@example.com,2024-07-01]");
    // The port is the restored clear rows with their PII handled, as the first run wrote it.
    assertThat(rows(ctx, iceberg, "rbi.people")).isEqualTo(portD1).noneMatch(r -> r.contains("Ada") || r.contains("example.com"));

    // The declaration gains a column: D2's rows (and D1's) no longer keep the contract.
    run(ctx, "rbi.people", D2);
    mesh.write("conf/rbi/people.conf", people.formatted("score { type = bigint }"));
    MeshContext changed = mesh.context();
    long current = iceberg.currentVersion(ProductId.parse("rbi_internal.people")).orElseThrow();
    ProductRollback.Outcome refused = rollback(changed, "rbi.people", null, false);
    assertThat(refused.kind()).isEqualTo(ErrorKind.INVALID);
    assertThat(refused.error()).contains("do not keep the product's declared contract (missing column 'score' (contract: bigint))")
        .endsWith("Nothing changed.");
    assertThat(iceberg.currentVersion(ProductId.parse("rbi_internal.people"))).contains(current);
    assertThat(second.tableVersion()).isNotEqualTo(first.tableVersion());
  }

  @Test
  void theLineFollowsRollbacksAndKeepsARollbackWhoseRunIsNotRecorded() {
    List<Publications.Entry> runs = new ArrayList<>();
    runs.add(entry("a", "succeeded", 1, 1L, null));
    runs.add(entry("b", "succeeded", 2, 2L, null));
    runs.add(entry("x", "failed", 3, null, null));
    runs.add(entry("c", "succeeded", 4, 3L, null));
    runs.add(entry("r1", "rolled-back", 5, 4L, "b"));
    assertThat(Publications.line(runs)).extracting(p -> p.run().runId() + "@" + p.version()).containsExactly("a@1", "b@4");
    runs.add(entry("d", "succeeded", 6, 5L, null));
    runs.add(entry("r2", "rolled-back", 7, 6L, "a"));
    assertThat(Publications.line(runs)).extracting(p -> p.run().runId() + "@" + p.version()).containsExactly("a@6");
    assertThat(Publications.current(runs).orElseThrow().restoredBy().runId()).isEqualTo("r2");
    // A rollback to a run the rows no longer hold (a catalog cut short) is itself what readers read.
    runs.add(entry("r3", "rolled-back", 8, 7L, "gone"));
    assertThat(Publications.current(runs).orElseThrow().run().runId()).isEqualTo("r3");
    assertThat(Publications.line(List.of())).isEmpty();
  }

  private static Publications.Entry entry(String id, String status, int minute, Long version, String restored) {
    Instant at = Instant.parse("2024-07-01T00:00:00Z").plusSeconds(60L * minute);
    return new Publications.Entry(id, status, D1, at.minusSeconds(30), at, version, restored);
  }
}
