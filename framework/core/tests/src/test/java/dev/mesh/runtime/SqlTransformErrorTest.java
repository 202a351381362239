package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.testing.TestMesh;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQL transform that parses but does not resolve (a misspelt function, an unknown column) fails its run naming the
 * SQL file and the position in the SQL as written, and leaves the published version as it was; so does SQL that no
 * longer parses when the run reads it.
 */
class SqlTransformErrorTest {
  private static final LocalDate DAY = LocalDate.of(2024, 5, 7);

  @TempDir Path home;

  @Test
  void aSqlTransformThatDoesNotResolveNamesItsFileAndPositionAsWritten() {
    TestMesh mesh = new TestMesh(home);
    mesh.write(
        "conf/sqlerr/totals.conf",
        """
        product {
          id = sqlerr.totals
          version = "1.0.0"
          owner { team = test, contact = "test@example.com" }
          transform.sql = totals.sql
          output { format = delta }
          schema { id = bigint, day = date, total = bigint }
        }
        """);
    mesh.write("conf/sqlerr/totals.sql", "SELECT id,\n  ${logical_date} AS day, SUM(id) AS total\nFROM range(3) GROUP BY id\n");
    MeshContext ctx = mesh.context();
    ProductDescriptor d = ctx.config().product("sqlerr.totals");
    RunResult published = new ProductRunner(ctx).run(d, DAY);
    assertThat(published.status()).as(published.error()).isEqualTo(RunStatus.SUCCEEDED);

    // The SQL is read when a run is planned: the next run sees the file as changed. `${logical_date}` (15
    // characters) becomes DATE'2024-05-07' (16) before Spark parses, so Spark's position is one past the written one.
    mesh.write("conf/sqlerr/totals.sql", "SELECT id,\n  ${logical_date} AS day, SUMM(id) AS total\nFROM range(3) GROUP BY id\n");
    RunResult failed = new ProductRunner(ctx).run(d, DAY);

    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error())
        .startsWith("Run of sqlerr.totals failed: SQL transform " + home.resolve("conf/sqlerr/totals.sql") + " does not resolve: ")
        .contains("[UNRESOLVED_ROUTINE] Cannot resolve function `SUMM`")
        .endsWith(" (line 2, pos 26). The previous version stays published.");
    assertThat(ctx.tables().forFormat(TableFormat.DELTA).currentVersion(ProductId.parse("sqlerr.totals")))
        .contains(published.tableVersion());

    // SQL that no longer parses is caught before anything is read, named by the same path.
    mesh.write("conf/sqlerr/totals.sql", "SELECT id,\n  ${logical_date} AS day, SUM(id) AS total\nFORM range(3)\n");
    RunResult unparsed = new ProductRunner(ctx).run(d, DAY);
    assertThat(unparsed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(unparsed.error())
        .startsWith("SQL transform " + home.resolve("conf/sqlerr/totals.sql") + " of sqlerr.totals does not parse: ")
        .contains("(line 3, pos ");
  }
}
