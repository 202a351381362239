package dev.mesh.stack.store;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.core.Mesh;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.runtime.Maintenance;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.ProductRunner;
import dev.mesh.runtime.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A mesh driver process, as a scheduler would start one: opens the mesh of {@code -Dmesh.home} with its own environment
 * (the stack's variables, the store's keys among them) and runs its arguments in order, one line of output each for
 * the test to read:
 *
 * <ul>
 *   <li>{@code run:<product>:<date>}: runs the product, prints {@code run <product> <date> <status> <rows> <error>}
 *   <li>{@code rows:<table>}: prints {@code rows <table> <row>|<row>|...} (every column, ordered), read by name
 *   <li>{@code maintain:<product>}: keeps the product's tables to its retention ({@code mesh maintain}), prints {@code
 *       maintain <product> <ok|busy|failed> <files deleted> <error>}
 *   <li>{@code catalog:<domain>}: prints {@code catalog <table> <domain> <count>} for every catalog table
 *   <li>{@code failed:<product>}: prints {@code failed <product> <run id> <error>} for each failed run in {@code mesh.runs}
 *   <li>{@code dump}: prints every row of every catalog table, the session's Spark settings and s3a's endpoint
 *   <li>{@code touch:<file>}, {@code await:<file>}: hand-shakes with the test
 * </ul>
 */
public final class StoreDriver {
  private StoreDriver() {}

  public static void main(String[] args) throws Exception {
    try (Mesh mesh = Mesh.open(Path.of(System.getProperty("mesh.home")), System.getenv(), System.getProperties())) {
      MeshContext ctx = mesh.context();
      SparkSession spark = ctx.spark();
      for (String step : args) {
        String[] p = step.split(":", 3);
        switch (p[0]) {
          case "run" -> {
            ProductDescriptor d = ctx.config().product(p[1]);
            RunResult r = new ProductRunner(ctx).run(d, LocalDate.parse(p[2]));
            say("run " + p[1] + " " + p[2] + " " + r.status() + " " + r.rowsWritten() + " " + (r.error() == null ? "" : r.error()));
          }
          case "rows" -> {
            var df = spark.table(p[1]);
            List<String> rows =
                df.orderBy(Arrays.stream(df.columns()).map(functions::col).toArray(org.apache.spark.sql.Column[]::new))
                    .collectAsList().stream().map(Row::toString).toList();
            say("rows " + p[1] + " " + String.join("|", rows));
          }
          case "maintain" -> {
            Maintenance.Outcome o = new Maintenance(ctx).maintain(ctx.config().product(p[1]));
            say("maintain " + p[1] + " " + (o.ok() ? "ok" : o.busy() ? "busy" : "failed") + " " + o.filesDeleted() + " "
                + (o.error() == null ? "" : o.error()));
          }
          case "catalog" -> {
            for (CatalogTable t : CatalogTable.values()) {
              String column = t == CatalogTable.PRODUCTS ? "domain" : "product";
              var df = ctx.catalog().read(t);
              long n =
                  t == CatalogTable.PRODUCTS
                      ? df.where(functions.col(column).equalTo(p[1])).count()
                      : df.where(functions.col(column).startsWith(p[1] + ".")).count();
              say("catalog " + t.name().toLowerCase(java.util.Locale.ROOT) + " " + p[1] + " " + n);
            }
          }
          case "failed" -> ctx.catalog().read(CatalogTable.RUNS)
              .where(functions.col("product").equalTo(p[1]).and(functions.col("status").equalTo("failed")))
              .select("run_id", "error").collectAsList()
              .forEach(r -> say("failed " + p[1] + " " + r.getString(0) + " " + r.getString(1)));
          case "dump" -> {
            for (CatalogTable t : CatalogTable.values()) {
              ctx.catalog().read(t).collectAsList().forEach(r -> say("dump " + t + " " + r));
            }
            // Spark's settings as its UI and event log show them. (Spark itself copies AWS_* variables into the driver's
            // Hadoop configuration, in memory; its UI and event log redact them: the test greps the event log too.)
            spark.sparkContext().getConf().toDebugString().lines().forEach(l -> say("conf " + l));
            say("hadoop fs.s3a.endpoint=" + spark.sparkContext().hadoopConfiguration().get("fs.s3a.endpoint"));
          }
          case "touch" -> Files.createFile(Path.of(p[1]));
          case "await" -> {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (!Files.exists(Path.of(p[1])) && System.nanoTime() < deadline) {
              Thread.sleep(100);
            }
          }
          default -> throw new IllegalArgumentException("unknown step " + step);
        }
      }
    }
  }

  private static void say(String line) {
    System.out.println(line.replace('\n', ' '));
    System.out.flush();
  }
}
