package dev.mesh.cli;

import dev.mesh.alert.Alert;
import dev.mesh.render.TablePrinter;
import dev.mesh.core.Mesh;
import dev.mesh.catalog.CatalogTable;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.render.Durations;
import dev.mesh.runtime.Freshness;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;

/**
 * {@code mesh status}: per product, the latest outcome (whatever it was: a skipped or blocked run is not hidden behind
 * an older success), freshness against its SLA, the last quality status; then the open alerts.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show each product's latest run outcome, its freshness against the SLA, its last quality status, and the open alerts.")
final class StatusCommand implements Callable<Integer> {
  /** The alerts open now (mesh.alerts): what an owner has been told and not yet heard resolved. */
  private static void printOpenAlerts(Mesh mesh) {
    List<Alert> open = new ArrayList<>(mesh.alerting().openAlerts());
    System.out.println();
    if (open.isEmpty()) {
      System.out.println("No open alerts.");
      return;
    }
    open.sort(java.util.Comparator.comparing(Alert::severity).thenComparing(Alert::product).thenComparing(Alert::kind));
    System.out.println(open.size() + (open.size() == 1 ? " open alert" : " open alerts") + " (history: SELECT * FROM mesh.alerts):");
    List<List<String>> cells = new ArrayList<>();
    for (Alert a : open) {
      cells.add(List.of(
          a.severity(), a.kind(), a.product(), a.logicalDate() == null ? "" : a.logicalDate().toString(),
          a.summary().length() > 100 ? a.summary().substring(0, 99) + "…" : a.summary(), a.command() == null ? "" : a.command()));
    }
    TablePrinter.printAligned(System.out, List.of("severity", "kind", "product", "date", "what", "look"), cells);
  }

  @Override
  public Integer call() {
    try (Mesh mesh = Mesh.open()) {
      var runs = mesh.context().catalog().read(CatalogTable.RUNS);
      var byProduct = Window.partitionBy("product").orderBy(functions.col("ended_at").desc());
      Map<String, Row> lastRun = new HashMap<>();
      // mesh.runs of a warehouse older than the warnings column has none until its next run appends one.
      var warnings =
          java.util.Arrays.asList(runs.columns()).contains("warnings")
              ? functions.coalesce(functions.size(functions.col("warnings")), functions.lit(0)).as("warnings")
              : functions.lit(0).as("warnings");
      for (Row r : runs.withColumn("n", functions.row_number().over(byProduct)).where("n = 1")
          .select(functions.col("product"), functions.col("logical_date"), functions.col("status"), functions.col("ended_at"),
              functions.col("quality_summary"), warnings).collectAsList()) {
        lastRun.put(r.getString(0), r);
      }
      Map<String, Instant> lastSuccess = new HashMap<>();
      for (Row r : runs.where("status = 'succeeded'").groupBy("product").agg(functions.max("ended_at")).collectAsList()) {
        lastSuccess.put(r.getString(0), ((Timestamp) r.get(1)).toInstant());
      }
      Instant now = Instant.now();
      List<List<String>> cells = new ArrayList<>();
      for (ProductDescriptor d : mesh.config().all()) {
        Row last = lastRun.get(d.id().toString());
        Freshness.Status fresh = Freshness.of(d.sla().freshness().maxAge(), lastSuccess.get(d.id().toString()), now);
        cells.add(List.of(
            d.id().toString(),
            d.owner() == null ? "" : d.owner().team(),
            last == null ? "" : String.valueOf(last.get(3)),
            last == null ? "" : String.valueOf(last.get(1)),
            last == null ? "never run" : last.getString(2),
            fresh.label() + (d.sla().freshness().maxAge() == null ? "" : " (max " + Durations.declared(d.sla().freshness().maxAge()) + ")"),
            last == null || last.isNullAt(4) ? "" : last.getString(4),
            last == null || last.getInt(5) <= 0 ? "" : String.valueOf(last.getInt(5))));
      }
      TablePrinter.printAligned(
          System.out, List.of("product", "owner", "last run (ended)", "date", "status", "freshness", "last quality", "warnings"), cells);
      printOpenAlerts(mesh);
      return 0;
    }
  }
}
