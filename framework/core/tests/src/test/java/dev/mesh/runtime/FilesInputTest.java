package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.catalog.CatalogTable;

import dev.mesh.model.ProductDescriptor;
import dev.mesh.testing.TestMesh;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code files} input with no files for the logical date: the run ends input-missing (exit 4), naming the path. */
class FilesInputTest {
  private static final LocalDate LANDED = LocalDate.of(2024, 5, 7);
  private static final LocalDate NOTHING = LocalDate.of(2024, 5, 8);
  private static final LocalDate MARKER_ONLY = LocalDate.of(2024, 5, 9);

  @TempDir Path home;

  @Test
  void aDateWithoutFilesIsInputMissingAndNamesThePathLookedFor() {
    TestMesh mesh = new TestMesh(home);
    String landing = home.resolve("landing").toString();
    mesh.write(
        "conf/files_in/daily.conf",
        """
        product {
          id = files_in.daily
          version = "1.0.0"
          owner { team = test, contact = "test@example.com" }
          inputs { raw { source = files, path = "%s/{date}/*.csv", format = csv, header = true } }
          transform.sql = daily.sql
          output { format = delta }
          schema { id = bigint, day = date, value = bigint }
        }
        """.formatted(landing));
    mesh.write(
        "conf/files_in/daily.sql",
        "SELECT CAST(id AS BIGINT) AS id, ${logical_date} AS day, CAST(value AS BIGINT) AS value FROM raw");
    mesh.write("landing/2024-05-07/part-1.csv", "id,value\n1,10\n2,20\n");
    // A directory for the date with only a marker file holds no data either.
    mesh.write("landing/2024-05-09/_SUCCESS", "");
    MeshContext ctx = mesh.context();
    ProductDescriptor d = ctx.config().product("files_in.daily");

    RunResult landed = new ProductRunner(ctx).run(d, LANDED);
    assertThat(landed.status()).as(landed.error()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(landed.rowsWritten()).isEqualTo(2);

    RunResult missing = new ProductRunner(ctx).run(d, NOTHING);
    assertThat(missing.status()).isEqualTo(RunStatus.INPUT_MISSING);
    assertThat(missing.error())
        .isEqualTo(
            "Cannot run files_in.daily for 2024-05-08: input 'raw' has no files: nothing matches file:"
                + landing + "/2024-05-08/*.csv (path = \"" + landing + "/{date}/*.csv\")."
                + " Land the files for that date first, or run another date.");
    Row run =
        ctx.catalog().read(CatalogTable.RUNS)
            .where(functions.col("run_id").equalTo(missing.runId()))
            .head();
    assertThat(run.<String>getAs("status")).isEqualTo("input-missing");
    assertThat(run.<String>getAs("error")).contains("nothing matches file:" + landing + "/2024-05-08/*.csv");

    RunResult markerOnly = new ProductRunner(ctx).run(d, MARKER_ONLY);
    assertThat(markerOnly.status()).isEqualTo(RunStatus.INPUT_MISSING);
    assertThat(markerOnly.error()).contains("nothing matches file:" + landing + "/2024-05-09/*.csv");
  }
}
