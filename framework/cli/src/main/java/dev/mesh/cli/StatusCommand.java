package dev.mesh.cli;

import dev.mesh.alert.Alert;
import dev.mesh.render.TablePrinter;
import dev.mesh.core.Mesh;
import dev.mesh.alert.Alerting;
import dev.mesh.catalog.CatalogRow;
import dev.mesh.lineage.CatalogQueries;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.render.Durations;
import dev.mesh.runtime.Freshness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code mesh status}: per product, the latest outcome (whatever it was: a skipped or blocked run is not hidden behind
 * an older success), freshness against its SLA, the last quality status; then the open alerts.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show each product's latest run outcome, its freshness against the SLA, its last quality status, and the open alerts.")
final class StatusCommand implements Callable<Integer> {
  /** The alerts open now (mesh.alerts): what an owner has been told and not yet heard resolved. */
  private static void printOpenAlerts(Mesh mesh) {
    Map<String, List<String>> tags = new HashMap<>();
    mesh.config().all().forEach(d -> tags.put(d.id().toString(), d.tags()));
    List<Alert> open = new ArrayList<>(Alerting.openAlerts(mesh.catalogReader(), tags));
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
      Map<String, CatalogQueries.RunSummary> runs = CatalogCommand.queries(mesh).runSummaries();
      Instant now = Instant.now();
      List<List<String>> cells = new ArrayList<>();
      for (ProductDescriptor d : mesh.config().all()) {
        CatalogQueries.RunSummary summary = runs.get(d.id().toString());
        CatalogRow last = summary == null ? null : summary.last();
        Instant lastSuccess = summary == null || summary.lastSuccess() == null ? null : summary.lastSuccess().instant("ended_at");
        Freshness.Status fresh = Freshness.of(d.sla().freshness().maxAge(), lastSuccess, now);
        cells.add(List.of(
            d.id().toString(),
            d.owner() == null ? "" : d.owner().team(),
            last == null ? "" : String.valueOf(last.text("ended_at")),
            last == null ? "" : String.valueOf(last.text("logical_date")),
            last == null ? "never run" : last.string("status"),
            fresh.label() + (d.sla().freshness().maxAge() == null ? "" : " (max " + Durations.declared(d.sla().freshness().maxAge()) + ")"),
            last == null || last.isNull("quality_summary") ? "" : last.string("quality_summary"),
            summary == null || summary.lastWarnings() <= 0 ? "" : String.valueOf(summary.lastWarnings())));
      }
      TablePrinter.printAligned(
          System.out, List.of("product", "owner", "last run (ended)", "date", "status", "freshness", "last quality", "warnings"), cells);
      printOpenAlerts(mesh);
      return 0;
    }
  }
}
