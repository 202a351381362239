package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quality gates through the whole run: blocking, quarantine, warnings, and freshness. */
class QualityGateTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);

  @TempDir Path home;

  private static List<Row> quality(MeshContext ctx, String runId) {
    return ctx.catalog().read(CatalogTable.QUALITY).where("run_id = '" + runId + "'").orderBy("rule").collectAsList();
  }

  @Test
  void quarantinesFailingRowsAndPublishesTheRest() {
    String id = "gate.quarantine";
    TestMesh mesh = new TestMesh(home);
    // Numbers on 2024-03-01 gives ids 1, 2, 3: id 3 breaks the range rule and is quarantined.
    mesh.write("conf/gate/quarantine.conf", Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "",
        "sla.rules = [ { rule = range, column = id, max = 2, on-failure = quarantine }, "
            + "{ rule = range, column = value, min = 100, severity = warn } ]"));
    MeshContext ctx = mesh.context();

    RunResult r = new ProductRunner(ctx).run(ctx.config().product(id), D1);

    assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.rowsWritten()).isEqualTo(2);
    // the published rows were counted by the gate (quarantine tally), not by a job of their own
    assertThat(r.timingsMs()).containsKey("quality").doesNotContainKey("count");
    assertThat(ctx.spark().sql("SELECT id FROM gate.quarantine ORDER BY id").collectAsList()).extracting(Row::toString)
        .containsExactly("[1]", "[2]");
    // Quarantined rows are the domain's own clear data: beside its internal tables, never in a port namespace.
    List<Row> quarantined =
        ctx.tables().delta().readCurrent(ctx.spark(), dev.mesh.model.ProductId.parse("gate_internal.quarantine_quarantine"))
            .select("id", "_mesh_failed_rules", "_mesh_run_id").collectAsList();
    assertThat(quarantined).hasSize(1);
    assertThat(quarantined.get(0).getLong(0)).isEqualTo(3);
    assertThat(quarantined.get(0).getList(1)).containsExactly("range_id");
    assertThat(quarantined.get(0).getString(2)).isEqualTo(r.runId());

    List<Row> outcomes = quality(ctx, r.runId());
    Row range = outcomes.stream().filter(o -> o.<String>getAs("rule").equals("range_id")).findFirst().orElseThrow();
    assertThat(range.<String>getAs("status")).isEqualTo("quarantined");
    assertThat(range.<Double>getAs("value")).isEqualTo(1.0);
    Row warned = outcomes.stream().filter(o -> o.<String>getAs("rule").equals("range_value")).findFirst().orElseThrow();
    assertThat(warned.<String>getAs("status")).isEqualTo("warned");
    assertThat(warned.<String>getAs("severity")).isEqualTo("warn");
    assertThat(r.quality().summary()).contains("1 warned").contains("1 quarantined");
  }

  @Test
  void anErrorRuleBlocksPublicationAndRecordsTheMetric() {
    String id = "gate.blocked";
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/gate/blocked.conf", Products.numbers(id, Transforms.Numbers.class.getName(), "iceberg", "",
        "sla.rules = [ { rule = row-count, min = 1 } ]"));
    MeshContext ctx = mesh.context();
    assertThat(new ProductRunner(ctx).run(ctx.config().product(id), D1).status()).isEqualTo(RunStatus.SUCCEEDED);
    long published = ctx.tables().forFormat(dev.mesh.model.TableFormat.ICEBERG).currentVersion(ctx.config().product(id).id()).orElseThrow();

    mesh.write("conf/gate/blocked.conf", Products.numbers(id, Transforms.Numbers.class.getName(), "iceberg", "",
        "sla.rules = [ { rule = row-count, min = 5 }, { rule = unique, columns = [id] } ]"));
    MeshContext changed = mesh.context();
    RunResult r = new ProductRunner(changed).run(changed.config().product(id), D1.plusDays(1));

    assertThat(r.status()).isEqualTo(RunStatus.BLOCKED);
    assertThat(r.status()).isEqualTo(RunStatus.BLOCKED);
    assertThat(r.error()).contains("Not published: gate.blocked").contains("row_count").contains("its table is unchanged");
    assertThat(changed.tables().forFormat(dev.mesh.model.TableFormat.ICEBERG).currentVersion(changed.config().product(id).id()))
        .contains(published);
    List<Row> outcomes = quality(changed, r.runId());
    assertThat(outcomes).extracting(o -> o.<String>getAs("rule") + "=" + o.<String>getAs("status"))
        .contains("row_count=failed", "unique_id=passed", "contract_not_null_id=passed");
    Row failed = outcomes.stream().filter(o -> o.<String>getAs("rule").equals("row_count")).findFirst().orElseThrow();
    assertThat(failed.<Double>getAs("value")).isEqualTo(3.0);
    assertThat(failed.<String>getAs("threshold")).contains("5");
  }

  @Test
  void aStaleInputStopsTheRunWithExitCodeFour() {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/gate/up.conf", Products.numbers("gate.up", Transforms.Numbers.class.getName(), "delta", "", ""));
    mesh.write("conf/gate/down.conf", Products.numbers("gate.down", Transforms.Doubler.class.getName(), "delta", "",
        "inputs { upstream = gate.up }\nsla.input-freshness { upstream { column = day, max-age = 1d } }"));
    MeshContext ctx = mesh.context();
    assertThat(new ProductRunner(ctx).run(ctx.config().product("gate.up"), D1).status()).isEqualTo(RunStatus.SUCCEEDED);

    // The upstream holds 2024-03-01: fresh for that date, stale three days later.
    assertThat(new ProductRunner(ctx).run(ctx.config().product("gate.down"), D1).status()).isEqualTo(RunStatus.SUCCEEDED);
    RunResult stale = new ProductRunner(ctx).run(ctx.config().product("gate.down"), D1.plusDays(3));
    assertThat(stale.status()).isEqualTo(RunStatus.INPUT_MISSING);
    assertThat(stale.status()).isEqualTo(RunStatus.INPUT_MISSING);
    assertThat(stale.error()).contains("input 'upstream' is stale").contains("newest day is 2024-03-02T00:00:00Z").contains("bin/mesh run gate.up --date 2024-03-04");
    // The SLA to relax is named with its file and line.
    List<String> lines = readLines(home.resolve("conf/gate/down.conf"));
    int line = 1 + java.util.stream.IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains("sla.input-freshness")).findFirst().orElseThrow();
    assertThat(stale.error()).endsWith("or relax sla.input-freshness.upstream at " + home.resolve("conf/gate/down.conf") + ":" + line);
  }

  private static List<String> readLines(java.nio.file.Path file) {
    try {
      return java.nio.file.Files.readAllLines(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void productFreshnessComparesTheLastSuccessWithItsSla() {
    Instant now = Instant.parse("2024-03-02T12:00:00Z");
    assertThat(Freshness.of(Duration.ofHours(26), Instant.parse("2024-03-01T12:00:00Z"), now)).isEqualTo(Freshness.Status.OK);
    assertThat(Freshness.of(Duration.ofHours(23), Instant.parse("2024-03-01T12:00:00Z"), now)).isEqualTo(Freshness.Status.LATE);
    assertThat(Freshness.of(Duration.ofHours(23), null, now)).isEqualTo(Freshness.Status.NEVER_RUN);
    assertThat(Freshness.of(null, Instant.parse("2024-03-01T12:00:00Z"), now)).isEqualTo(Freshness.Status.NO_SLA);
  }
}
