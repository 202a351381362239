package dev.mesh.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.ProductRunner;
import dev.mesh.runtime.RunResult;
import dev.mesh.runtime.RunStatus;
import dev.mesh.storage.TableStore;
import dev.mesh.testing.TestMesh;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Output ports in real runs: where each visibility's tables go, what a consumer reads (and lineage names), and the pair
 * published together — a port that cannot be written rolls the clear table back, so a failed run changes neither.
 */
class OutputPortRunTest {
  private static final LocalDate D1 = LocalDate.of(2024, 6, 1);
  private static final LocalDate D2 = LocalDate.of(2024, 6, 2);

  @TempDir Path home;

  private static String people(String id, String format, String mode, String extra) {
    return """
        product {
          id = %s
          version = "1.0.0"
          owner { team = people-team, contact = "people@example.com" }
          transform.class = "dev.mesh.governance.DatedPeople"
          output { format = %s, mode = %s }
          schema {
            id    { type = bigint, nullable = false }
            name  { type = string, pii = true, pii-handling = hash }
            email { type = string, pii = true, pii-handling = mask }
            day   { type = date, nullable = false }
          }
          %s
        }
        """.formatted(id, format, mode, extra);
  }

  private static RunResult run(MeshContext ctx, String id, LocalDate day) {
    return new ProductRunner(ctx).run(ctx.config().product(id), day);
  }

  private static List<String> rows(MeshContext ctx, TableStore store, String table) {
    return store.readCurrent(ctx.spark(), ProductId.parse(table)).orderBy("id").collectAsList().stream().map(Row::toString).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta", "iceberg"})
  void aPortThatCannotBeWrittenLeavesNeitherTableChanged(String format) {
    String id = "port_" + format + ".people";
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/port/people.conf", people(id, format, "append", ""));
    MeshContext ctx = mesh.context();
    TableStore store = ctx.tables().forFormat(TableFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT)));
    ProductId internal = ProductId.parse("port_" + format + "_internal.people");
    ProductId port = ProductId.parse(id);
    assertThat(run(ctx, id, D1).status()).isEqualTo(RunStatus.SUCCEEDED);
    List<String> clearBefore = rows(ctx, store, internal.toString());
    List<String> portBefore = rows(ctx, store, port.toString());
    long internalBefore = store.currentVersion(internal).orElseThrow();
    long portVersionBefore = store.currentVersion(port).orElseThrow();
    assertThat(clearBefore).containsExactly("[1,Ada 1,ada1@example.com,2024-06-01]", "[2,Bob 1,null,2024-06-01]");
    assertThat(portBefore).hasSize(2).noneMatch(r -> r.contains("Ada") || r.contains("example.com"));

    // The platform team constrains the port (Delta: a CHECK the next day's rows break; Iceberg: a file format no
    // writer knows): the next run writes the clear table, then fails on the port.
    if (format.equals("delta")) {
      ctx.spark().sql("ALTER TABLE " + store.qualifiedName(port) + " ADD CONSTRAINT first_day CHECK (day <= DATE'2024-06-01')");
    } else {
      ctx.spark().sql("ALTER TABLE " + store.qualifiedName(port) + " SET TBLPROPERTIES ('write.format.default' = 'bogus')");
    }
    portVersionBefore = store.currentVersion(port).orElseThrow();
    RunResult failed = run(ctx, id, D2);

    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error()).contains("the output port " + port + " could not be written")
        .contains(internal + " was rolled back to version " + internalBefore);
    assertThat(failed.tableVersion()).isNull();
    assertThat(rows(ctx, store, internal.toString())).isEqualTo(clearBefore);
    assertThat(rows(ctx, store, port.toString())).isEqualTo(portBefore);
    assertThat(store.currentVersion(port)).contains(portVersionBefore);
    if (format.equals("iceberg")) {
      // Iceberg sets the current snapshot back; Delta records the undo as a RESTORE commit of the same files.
      assertThat(store.currentVersion(internal)).contains(internalBefore);
    } else {
      assertThat(ctx.spark().sql("DESCRIBE HISTORY " + store.qualifiedName(internal)).orderBy(org.apache.spark.sql.functions.desc("version"))
              .first().<String>getAs("operation"))
          .isEqualTo("RESTORE");
    }
    List<Row> recorded = ctx.catalog().read(CatalogTable.RUNS).where("run_id = '" + failed.runId() + "'").select("status").collectAsList();
    assertThat(recorded).extracting(r -> r.getString(0)).containsExactly("failed");
  }

  @Test
  void aPortThatHashesPiiWithoutAUsableSecretIsRefusedWhenPlannedBeforeAnythingIsRead() {
    String id = "secretless.people";
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/secretless/people.conf", people(id, "delta", "append", ""));
    MeshContext ctx =
        dev.mesh.core.Mesh.of(mesh.load(), java.util.Map.of("MESH_PII_SECRET", "too-short"))
            .on(dev.mesh.testing.TestSpark.session()).withoutLineage().withoutAlerts().context();

    RunResult r = run(ctx, id, D1);

    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error()).isEqualTo("Cannot run secretless.people: its port hashes the PII column name, and MESH_PII_SECRET is too"
        + " short (9 characters): use at least 16 random characters.");
    assertThat(r.timingsMs()).as("stages the run went through").doesNotContainKeys("read", "transform", "write");
    assertThat(ctx.tables().delta().exists(ProductId.parse("secretless_internal.people"))).as("the clear table").isFalse();

    // The same columns in a private product: no port, nothing hashed, so no secret needed.
    mesh.write("conf/secretless/kept.conf", people("secretless.kept", "delta", "append", "visibility = private"));
    MeshContext privateCtx =
        dev.mesh.core.Mesh.of(mesh.load(), java.util.Map.of("MESH_PII_SECRET", "too-short"))
            .on(dev.mesh.testing.TestSpark.session()).withoutLineage().withoutAlerts().context();
    RunResult kept = run(privateCtx, "secretless.kept", D1);
    assertThat(kept.status()).as("a private product's run: %s", kept.error()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void eachVisibilityPublishesWhereItsReadersLookAndAConsumerReadsThePort() {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/vis/open.conf", people("vis.open", "delta", "overwrite", ""));
    mesh.write("conf/vis/shared.conf", people("vis.shared", "iceberg", "overwrite", "visibility = internal\nconsumers = [vis_reader]"));
    mesh.write("conf/vis/secret.conf", people("vis.secret", "delta", "overwrite", "visibility = private"));
    mesh.write("conf/vis_reader/copy.conf", """
        product {
          id = vis_reader.copy
          version = "1.0.0"
          owner { team = readers, contact = "readers@example.com" }
          inputs { p = vis.shared }
          transform.sql = copy.sql
          output { format = delta }
          schema { id = bigint, name = string, email = string, day = date }
        }
        """);
    mesh.write("conf/vis_reader/copy.sql", "SELECT * FROM p");
    MeshContext ctx =
        mesh.context(c -> new dev.mesh.lineage.LineageListener(c, dev.mesh.lineage.LineageTransport.of(c.config().platform().lineage()), m -> {}));
    for (String id : List.of("vis.open", "vis.shared", "vis.secret", "vis_reader.copy")) {
      assertThat(run(ctx, id, D1).status()).as(id).isEqualTo(RunStatus.SUCCEEDED);
    }
    TableStore delta = ctx.tables().delta();
    TableStore iceberg = ctx.tables().forFormat(TableFormat.ICEBERG);
    // public: port in vis, clear data in vis_internal
    assertThat(delta.exists(ProductId.parse("vis.open"))).isTrue();
    assertThat(delta.exists(ProductId.parse("vis_internal.open"))).isTrue();
    // internal: port in vis_shared, not in vis
    assertThat(iceberg.exists(ProductId.parse("vis_shared.shared"))).isTrue();
    assertThat(iceberg.exists(ProductId.parse("vis.shared"))).isFalse();
    // private: clear data only
    assertThat(delta.exists(ProductId.parse("vis_internal.secret"))).isTrue();
    assertThat(delta.exists(ProductId.parse("vis.secret"))).isFalse();
    assertThat(delta.exists(ProductId.parse("vis_shared.secret"))).isFalse();

    // The consumer read the port: handled PII, and its lineage names the table read.
    String adaHash = ctx.piiKey().get().hash("Ada 1");
    assertThat(delta.readCurrent(ctx.spark(), ProductId.parse("vis_reader.copy")).select("id", "name", "email", "day").orderBy("id")
            .collectAsList()).extracting(Row::toString).containsExactly("[1," + adaHash + ",***,2024-06-01]", "[2," + ctx.piiKey().get().hash("Bob 1") + ",null,2024-06-01]");
    assertThat(ctx.catalog().read(CatalogTable.LINEAGE).where("product = 'vis_reader.copy' AND level = 'table'")
            .select("input", "input_table").collectAsList()).extracting(Row::toString)
        .containsExactly("[vis.shared,vis_shared.shared]");
  }
}
